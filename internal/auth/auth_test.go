package auth

import (
	"context"
	"strings"
	"testing"
	"time"
)

func TestHashAndVerify(t *testing.T) {
	h := NewHasher(2, time.Second)
	ctx := context.Background()
	enc, err := h.Hash(ctx, "s3cret passphrase")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(enc, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Errorf("hash = %s", enc)
	}
	if ok, err := h.Verify(ctx, "s3cret passphrase", enc); !ok || err != nil {
		t.Errorf("right password: %v, %v", ok, err)
	}
	if ok, _ := h.Verify(ctx, "s3cret passphrasE", enc); ok {
		t.Error("wrong password accepted")
	}
	if ok, _ := h.Verify(ctx, "dummy", ""); ok {
		t.Error("empty hash accepted a password")
	}
	other, _ := h.Hash(ctx, "s3cret passphrase")
	if other == enc {
		t.Error("two hashes of one password are equal: no salt?")
	}
}

func TestHasherLimitsConcurrency(t *testing.T) {
	h := NewHasher(2, 50*time.Millisecond)
	for i := 0; i < cap(h.slots); i++ {
		h.slots <- struct{}{}
	}
	if _, err := h.Hash(context.Background(), "whatever pw"); err != ErrHashBusy {
		t.Errorf("err = %v, want ErrHashBusy", err)
	}
}

func TestCheckPassword(t *testing.T) {
	for pw, bad := range map[string]bool{
		"short":                     true,
		"password":                  true,
		"Qwertyuiop":                true, // common, in any case
		"iloveyou123":               true,
		strings.Repeat("x", 129):    true,
		"tall giraffe 42":           false,
		"ünïcødé-pässwörd":          false,
		strings.Repeat("€", 8):      false, // 8 characters, 24 bytes
		strings.Repeat("€", 7) + "": true,
	} {
		if got := CheckPassword(pw, "me@x.io"); (got != "") != bad {
			t.Errorf("CheckPassword(%q) = %q, want bad=%v", pw, got, bad)
		}
	}
	if CheckPassword("someone@x.io", "someone@x.io") == "" {
		t.Error("password equal to the email accepted")
	}
}

func TestTokenSignerRotation(t *testing.T) {
	oldKey, newKey := []byte("old-key-0123456789abcdef0123456789"), []byte("new-key-0123456789abcdef0123456789")
	old := NewTokenSigner(time.Minute, oldKey)
	tok, _, err := old.Issue(42, "s1")
	if err != nil {
		t.Fatal(err)
	}
	rotated := NewTokenSigner(time.Minute, newKey, oldKey)
	if id, sid, err := rotated.Verify(tok); err != nil || id != 42 || sid != "s1" {
		t.Errorf("old token after rotation: %d, %v", id, err)
	}
	dropped := NewTokenSigner(time.Minute, newKey)
	if _, _, err := dropped.Verify(tok); err == nil {
		t.Error("token of a dropped key accepted")
	}
	clock := time.Now().Add(2 * time.Minute)
	old.now = func() time.Time { return clock }
	if _, _, err := old.Verify(tok); err == nil {
		t.Error("expired token accepted")
	}
}

// RFC 6238 appendix B, SHA-1, truncated to six digits.
func TestTOTPVectors(t *testing.T) {
	secret := []byte("12345678901234567890")
	for at, want := range map[int64]string{59: "287082", 1111111109: "081804", 1111111111: "050471", 1234567890: "005924", 2000000000: "279037", 20000000000: "353130"} {
		if got := totpCode(secret, at/30); got != want {
			t.Errorf("T=%d: %s, want %s", at, got, want)
		}
	}
	now := time.Unix(1111111111, 0)
	if step := totpMatch(secret, "050471", now); step != 1111111111/30 {
		t.Errorf("match now: step %d", step)
	}
	if step := totpMatch(secret, "081804", now); step != 1111111109/30 {
		t.Error("the previous step's code must still match (clock drift)")
	}
	if step := totpMatch(secret, "050471", now.Add(2*time.Minute)); step != 0 {
		t.Error("a code two minutes old must not match")
	}
}

func TestDevice(t *testing.T) {
	for ua, want := range map[string]string{
		"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36":                                   "Chrome on Linux",
		"Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1": "Safari on iPhone",
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0":                                                        "Firefox on Windows",
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0":           "Edge on Windows",
		"curl/8.5.0": "curl",
		"":           "Unknown device",
	} {
		if got := Device(ua); got != want {
			t.Errorf("%q: %q, want %q", ua, got, want)
		}
	}
}
