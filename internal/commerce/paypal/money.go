package paypal

import (
	"fmt"
	"strconv"
	"strings"
)

// decimals is how many decimals PayPal accepts in a currency's amounts.
// Lectern keeps money in ISO 4217 minor units; for the few currencies where
// PayPal's rule differs from ISO's (HUF and TWD: ISO has two decimals,
// PayPal takes whole units only) minorDecimals says how our minor units
// relate.
func decimals(currency string) int {
	switch strings.ToUpper(currency) {
	case "JPY", "HUF", "TWD":
		return 0
	}
	return 2
}

func minorDecimals(currency string) int {
	if strings.EqualFold(currency, "JPY") {
		return 0
	}
	return 2
}

func pow10(n int) int64 {
	p := int64(1)
	for range n {
		p *= 10
	}
	return p
}

// FormatAmount writes minor units as PayPal wants them: "19.99" for 1999 USD.
// An amount PayPal cannot express (fractions of a forint) is an error.
func FormatAmount(minor int64, currency string) (Money, error) {
	cur := strings.ToUpper(currency)
	md, pd := minorDecimals(cur), decimals(cur)
	if minor < 0 {
		return Money{}, fmt.Errorf("paypal: negative amount %d", minor)
	}
	if pd < md {
		unit := pow10(md - pd)
		if minor%unit != 0 {
			return Money{}, fmt.Errorf("paypal: %d minor units of %s are not a whole amount PayPal accepts", minor, cur)
		}
		minor /= unit
	}
	if pd == 0 {
		return Money{CurrencyCode: cur, Value: strconv.FormatInt(minor, 10)}, nil
	}
	p := pow10(pd)
	return Money{CurrencyCode: cur, Value: fmt.Sprintf("%d.%0*d", minor/p, pd, minor%p)}, nil
}

// ParseAmount reads PayPal's decimal string back into minor units.
func ParseAmount(m Money) (int64, error) {
	cur := strings.ToUpper(m.CurrencyCode)
	whole, frac, _ := strings.Cut(strings.TrimSpace(m.Value), ".")
	md := minorDecimals(cur)
	if len(frac) > md || whole == "" {
		return 0, fmt.Errorf("paypal: amount %q %s has more decimals than %s allows", m.Value, cur, cur)
	}
	frac += strings.Repeat("0", md-len(frac))
	n, err := strconv.ParseInt(whole+frac, 10, 64)
	if err != nil || n < 0 || strings.ContainsAny(whole+frac, "+-") {
		return 0, fmt.Errorf("paypal: amount %q is not a number", m.Value)
	}
	return n, nil
}
