-- +goose Up
-- A partial refund made by an admin carries the key of the request that
-- made it: the same request sent twice (a retry, a double click) finds the
-- refund already made and refunds nothing more.
ALTER TABLE refunds ADD COLUMN request_key TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX refunds_request_key ON refunds (order_id, request_key) WHERE request_key <> '';

-- +goose Down
DROP INDEX refunds_request_key;
ALTER TABLE refunds DROP COLUMN request_key;
