package learning

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/lectern/lectern/internal/apperr"
	"github.com/lectern/lectern/internal/store"
)

// The moderation rules every piece of student writing follows: reviews and
// Q&A posts alike. New text with a banned word is flagged; a report counts
// once per user, and enough of them flag a visible text until an admin
// decides; an admin restores (visible), hides or deletes, with a reason for
// the audit log.

// moderate decides the status of new text: flagged when it contains a
// banned word.
func (s *Service) moderate(text string) (status, reason string) {
	lower := strings.ToLower(text)
	for _, w := range s.BannedWords {
		if w != "" && strings.Contains(lower, strings.ToLower(w)) {
			return store.ReviewFlagged, "contains a banned word"
		}
	}
	return store.ReviewVisible, ""
}

// flagsNow reports whether a new report, bringing the count to count,
// flags a text that has status.
func (s *Service) flagsNow(count int, isNew bool, status string) bool {
	return isNew && count >= s.ReportsToFlag && status == store.ReviewVisible
}

// reportedReason is why reports flagged a text. The admin decides on what
// people said, so it keeps the first report's words, not only how many came.
func reportedReason(count int, first string) string {
	why := fmt.Sprintf("reported %d times", count)
	if count == 1 {
		why = "reported once"
	}
	if first != "" {
		why += "; first report: " + first
	}
	return why
}

// reportReason checks the reason a user gives for a report.
func reportReason(reason string) (string, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" || utf8.RuneCountInString(reason) > 500 {
		return "", apperr.Fields{{Field: "reason", Message: "is required, at most 500 characters"}}.Err()
	}
	return reason, nil
}

// Moderation decisions an admin may take.
const moderationDelete = "deleted"

// moderationDecision checks an admin's decision and returns the audit
// action it is recorded as (restore, hide or delete).
func moderationDecision(status, reason string) (string, error) {
	if utf8.RuneCountInString(reason) > 500 {
		return "", apperr.Fields{{Field: "reason", Message: "must be at most 500 characters"}}.Err()
	}
	switch status {
	case store.ReviewVisible:
		return "restore", nil
	case store.ReviewHidden:
		return "hide", nil
	case moderationDelete:
		return "delete", nil
	}
	return "", apperr.Fields{{Field: "status", Message: "must be visible, hidden or deleted"}}.Err()
}

var (
	errOwnReport      = apperr.New(apperr.Conflict, "own_post", "You cannot report what you wrote yourself.")
	errAlreadyReports = apperr.New(apperr.Conflict, "already_reported", "You have already reported this.")
)
