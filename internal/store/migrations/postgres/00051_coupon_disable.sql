-- +goose Up
-- An instructor may switch a coupon off; checkout refuses it from then on.
-- Its past redemptions stay counted.
ALTER TABLE coupons ADD COLUMN disabled_at TIMESTAMPTZ;

-- +goose Down
ALTER TABLE coupons DROP COLUMN disabled_at;
