-- +goose Up
-- Browsing a category in each sort order walks one index in order and stops
-- after a page, instead of sorting the whole category.
CREATE INDEX courses_category_newest ON courses (category_id, status, published_at, id);
CREATE INDEX courses_category_rating ON courses (category_id, status, rating_avg, id);
CREATE INDEX courses_category_popular ON courses (category_id, status, enrollment_count, id);
DROP INDEX courses_category;

-- +goose Down
CREATE INDEX courses_category ON courses (category_id);
DROP INDEX courses_category_popular;
DROP INDEX courses_category_rating;
DROP INDEX courses_category_newest;
