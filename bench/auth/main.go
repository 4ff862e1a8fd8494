// Command auth measures account endpoints through the HTTP API on the
// embedded default (SQLite): logins per second (argon2id bound) and GET /me
// per second (token check plus one user read), and what happens above the
// hashing capacity.
//
//	go run ./bench/auth
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net"
	"net/http"
	"os"
	"runtime"
	"time"

	"github.com/lectern/lectern/bench/internal/load"
	"github.com/lectern/lectern/internal/app"
	"github.com/lectern/lectern/internal/config"
)

func main() {
	conc := flag.Int("c", 32, "concurrent clients")
	dur := flag.Duration("d", 8*time.Second, "duration of each measurement")
	flag.Parse()
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "lectern-bench-auth")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	cfg := config.Default()
	cfg.DataDir = dir
	cfg.SecretKey = "bench-secret-key-0123456789abcdef-0123456789"
	// Limits out of the way: this measures capacity, not the limiter.
	cfg.RateLimits = "login=1000000/1m,login_account=1000000/1m,register=1000000/1m"
	cfg.Complete()
	a, err := app.Open(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		log.Fatal(err)
	}
	defer a.Close()
	if _, err := a.CreateUser(ctx, "bench@lectern.dev", "bench password 1", "Bench", nil, true); err != nil {
		log.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	go http.Serve(ln, a.Handler)
	base := "http://" + ln.Addr().String()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: *conc * 2}}
	var token string
	login := func(keep bool) error {
		res, err := client.Post(base+"/api/v1/auth/login", "application/json", bytes.NewReader([]byte(`{"email":"bench@lectern.dev","password":"bench password 1"}`)))
		if err != nil {
			return err
		}
		defer res.Body.Close()
		var out struct {
			AccessToken string `json:"access_token"`
		}
		_ = json.NewDecoder(res.Body).Decode(&out)
		if res.StatusCode != http.StatusOK {
			return fmt.Errorf("status %d", res.StatusCode)
		}
		if keep {
			token = out.AccessToken
		}
		return nil
	}
	if err := login(true); err != nil {
		log.Fatal(err)
	}
	me := func(int) error {
		req, _ := http.NewRequest("GET", base+"/api/v1/me", nil)
		req.Header.Set("Authorization", "Bearer "+token)
		res, err := client.Do(req)
		if err != nil {
			return err
		}
		_, _ = io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.StatusCode != 200 {
			return fmt.Errorf("status %d", res.StatusCode)
		}
		return nil
	}
	fmt.Printf("SQLite, %s per row, GOMAXPROCS=%d\n", *dur, runtime.GOMAXPROCS(0))
	load.Header()
	load.Run(*conc, *dur, load.Scenario{Name: fmt.Sprintf("GET /me, %d clients", *conc), Do: me})
	load.Run(2, *dur, load.Scenario{Name: "POST /auth/login, 2 clients", Do: func(int) error { return login(false) }})
	load.Run(*conc, *dur, load.Scenario{Name: fmt.Sprintf("POST /auth/login, %d clients (over capacity)", *conc), Do: func(int) error { return login(false) }})
	fmt.Println("Over capacity, logins that wait longer than LECTERN_HASH_WAIT (1 s) for a hashing slot get 429 (counted as errors above).")
}
