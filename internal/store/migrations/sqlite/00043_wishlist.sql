-- +goose Up
-- Courses a user keeps for later (the heart on course cards), newest first.
CREATE TABLE wishlist_items (
    user_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    course_id INTEGER NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    added_at  DATETIME NOT NULL,
    PRIMARY KEY (user_id, course_id)
);
CREATE INDEX wishlist_items_user_added ON wishlist_items (user_id, added_at);
CREATE INDEX wishlist_items_course ON wishlist_items (course_id);

-- +goose Down
DROP TABLE wishlist_items;
