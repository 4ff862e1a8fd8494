package config

import (
	"flag"
	"io"
	"strings"
	"testing"
	"time"
)

func load(args []string, env map[string]string) (Config, error) {
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return Load(fs, args, func(k string) string { return env[k] })
}

func TestDefaultsNeedNothing(t *testing.T) {
	c, err := load(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != "127.0.0.1:8080" || !strings.HasPrefix(c.DatabaseURL, "sqlite://") || !strings.HasSuffix(c.DatabaseURL, "/data/lectern.db") ||
		!strings.HasPrefix(c.StorageURL, "file://") || c.PublicURL != "http://127.0.0.1:8080" || c.AccessTokenTTL != 15*time.Minute {
		t.Errorf("defaults = %+v", c)
	}
}

func TestFlagsOverrideEnvironment(t *testing.T) {
	c, err := load([]string{"-addr", "0.0.0.0:9000"}, map[string]string{"LECTERN_ADDR": "127.0.0.1:1", "LECTERN_DATA_DIR": "/tmp/x"})
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != "0.0.0.0:9000" || c.DataDir != "/tmp/x" || c.PublicURL != "http://localhost:9000" {
		t.Errorf("config = %+v", c)
	}
}

func TestValidateReportsEveryProblem(t *testing.T) {
	_, err := load(nil, map[string]string{
		"LECTERN_ADDR":             "nonsense",
		"LECTERN_DATABASE_URL":     "mysql://x",
		"LECTERN_ACCESS_TOKEN_TTL": "soon",
		"LECTERN_RATE_LIMITS":      "login=ten/1m",
		"LECTERN_SECRET_KEY":       "short",
		"LECTERN_MAX_BODY_BYTES":   "lots",
	})
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{"LECTERN_ADDR", "LECTERN_DATABASE_URL", "LECTERN_ACCESS_TOKEN_TTL", "LECTERN_RATE_LIMITS", "LECTERN_SECRET_KEY", "LECTERN_MAX_BODY_BYTES"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error does not mention %s: %v", want, err)
		}
	}
}

func TestParseRateLimits(t *testing.T) {
	r, err := ParseRateLimits("login=3/m, register=20/1h")
	if err != nil {
		t.Fatal(err)
	}
	if r["login"] != (Rate{3, time.Minute}) || r["register"] != (Rate{20, time.Hour}) || r["password_reset"] != DefaultRateLimits["password_reset"] {
		t.Errorf("rates = %v", r)
	}
	for _, bad := range []string{"login", "login=3", "nope=1/1m", "login=0/1m", "login=1/forever"} {
		if _, err := ParseRateLimits(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestPayPalSettings(t *testing.T) {
	c, err := load(nil, map[string]string{"LECTERN_PAYPAL_CLIENT_ID": "id", "LECTERN_PAYPAL_SECRET": "s", "LECTERN_PAYPAL_WEBHOOK_ID": "WH1"})
	if err != nil {
		t.Fatal(err)
	}
	if c.PayPalAPIBase != "https://api-m.sandbox.paypal.com" || c.PayPalWebhookID != "WH1" {
		t.Errorf("paypal config = %q %q", c.PayPalAPIBase, c.PayPalWebhookID)
	}
	_, err = load(nil, map[string]string{"LECTERN_PAYPAL_CLIENT_ID": "id", "LECTERN_PAYPAL_API_BASE": "::"})
	for _, want := range []string{"LECTERN_PAYPAL_SECRET", "LECTERN_PAYPAL_API_BASE"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error does not mention %s: %v", want, err)
		}
	}
	if _, err = load(nil, map[string]string{"LECTERN_PAYPAL_WEBHOOK_ID": "WH1"}); err == nil || !strings.Contains(err.Error(), "LECTERN_PAYPAL_WEBHOOK_ID") {
		t.Errorf("a webhook id alone: %v", err)
	}
}
