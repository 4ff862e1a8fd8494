-- +goose Up
-- The admin list of enrollments pages newest first across every course.
CREATE INDEX enrollments_created ON enrollments (created_at, user_id, course_id);

-- +goose Down
DROP INDEX enrollments_created;
