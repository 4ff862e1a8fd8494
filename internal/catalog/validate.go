package catalog

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/lectern/lectern/internal/apperr"
	"github.com/lectern/lectern/internal/store"
)

// Limits on what an instructor may write.
const (
	maxTitle       = 120
	maxSubtitle    = 200
	maxDescription = 50_000
	maxArticle     = 200_000
	maxPriceCents  = 100_000_00 // 100,000.00 in any currency
)

// Levels a course can be aimed at.
var Levels = []string{"all", "beginner", "intermediate", "advanced"}

// Currencies Lectern can price in: ISO 4217 codes with two minor digits,
// plus JPY (zero), which Stripe also supports.
var Currencies = map[string]bool{"USD": true, "EUR": true, "GBP": true, "CAD": true, "AUD": true, "NZD": true, "CHF": true,
	"SEK": true, "NOK": true, "DKK": true, "PLN": true, "INR": true, "BRL": true, "MXN": true, "SGD": true, "HKD": true, "JPY": true, "ZAR": true}

// MinPriceCents is the lowest price a paid course may have in each currency,
// in minor units: about half a US dollar as a round amount in that currency
// (card payments refuse smaller charges: 0.50 USD or EUR, 50 JPY), so a
// course is either free or priced at something a payment can be made for.
var MinPriceCents = map[string]int64{"USD": 50, "EUR": 50, "GBP": 50, "CAD": 50, "AUD": 50, "NZD": 50, "CHF": 50,
	"SEK": 500, "NOK": 500, "DKK": 300, "PLN": 200, "INR": 5000, "BRL": 300, "MXN": 1000, "SGD": 50, "HKD": 400, "JPY": 50, "ZAR": 1000}

// checkPrice refuses a paid price below the currency's minimum. Free (0) is
// always allowed; the range and the currency code are checked elsewhere.
func checkPrice(fe *apperr.Fields, cents int64, currency string) {
	lowest, ok := MinPriceCents[currency]
	if !ok || cents <= 0 || cents >= lowest {
		return
	}
	amount := fmt.Sprintf("%d.%02d", lowest/100, lowest%100)
	if currency == "JPY" {
		amount = fmt.Sprint(lowest)
	}
	fe.Add("price_cents", fmt.Sprintf("must be 0 (free) or at least %s %s", amount, currency))
}

var languageRE = regexp.MustCompile(`^[a-z]{2,3}(-[A-Z]{2})?$`)

func checkText(fe *apperr.Fields, field, v string, required bool, max int) {
	switch {
	case required && strings.TrimSpace(v) == "":
		fe.Add(field, "is required")
	case utf8.RuneCountInString(v) > max:
		fe.Add(field, fmt.Sprintf("must be at most %d characters", max))
	case !utf8.ValidString(v) || strings.ContainsRune(v, 0):
		fe.Add(field, "contains characters that are not text")
	}
}

func checkLine(fe *apperr.Fields, field, v string, required bool, max int) {
	checkText(fe, field, v, required, max)
	if strings.ContainsAny(v, "\r\n") {
		fe.Add(field, "must be a single line")
	}
}

func checkLevel(fe *apperr.Fields, v string) {
	for _, l := range Levels {
		if v == l {
			return
		}
	}
	fe.Add("level", "must be one of all, beginner, intermediate, advanced")
}

func checkLanguage(fe *apperr.Fields, v string) {
	if !languageRE.MatchString(v) {
		fe.Add("language", "must be a language code such as en or pt-BR")
	}
}

func checkKind(fe *apperr.Fields, kind string) {
	if kind != store.LectureVideo && kind != store.LectureArticle && kind != store.LectureQuiz {
		fe.Add("kind", "must be video, article or quiz")
	}
}

// Slugify makes a URL slug from a title: lower-case ASCII letters, digits
// and single hyphens, at most 60 characters; accents are folded.
func Slugify(title string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFKD.String(strings.ToLower(title)) {
		switch {
		case unicode.Is(unicode.Mn, r): // combining accent: drop
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(r)
			dash = false
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
		if b.Len() >= 60 {
			break
		}
	}
	s := strings.Trim(b.String(), "-")
	if s == "" {
		s = "course"
	}
	return s
}
