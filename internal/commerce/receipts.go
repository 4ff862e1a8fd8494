package commerce

import (
	"context"
	"fmt"

	"github.com/lectern/lectern/internal/store"
)

// formatMoney writes minor units as an amount with its currency code.
func formatMoney(cents int64, currency string) string {
	sign := ""
	if cents < 0 {
		sign, cents = "-", -cents
	}
	return fmt.Sprintf("%s%d.%02d %s", sign, cents/100, cents%100, currency)
}

// receiptTx queues a receipt email to a user in the transaction that
// records the payment, so a receipt is sent exactly when the money moved.
func (s *Service) receiptTx(ctx context.Context, tx *store.Tx, userID int64, subject, body string) error {
	u, err := tx.UserByID(ctx, userID)
	if err != nil {
		return err
	}
	return tx.EnqueueEmail(ctx, u.Email, subject, fmt.Sprintf("Hello %s,\n\n%s\n\nThank you,\nLectern", u.Name, body))
}
