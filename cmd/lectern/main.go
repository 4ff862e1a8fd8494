// Command lectern runs the Lectern course marketplace. See `lectern help`.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/lectern/lectern/internal/app"
	"github.com/lectern/lectern/internal/apperr"
	"github.com/lectern/lectern/internal/config"
	"github.com/lectern/lectern/internal/logging"
	"github.com/lectern/lectern/internal/store"
)

const usage = `lectern — a self-hostable course marketplace

Usage:
  lectern serve [flags]          HTTP API, web UI and background workers (the default)
  lectern demo [--courses N] [flags]
                                 serve, after seeding demo accounts and courses (same as
                                 serve --demo); --courses adds N generated courses
  lectern worker [flags]         background workers only
  lectern migrate [flags]        apply database migrations and exit
  lectern user create --email E --password P --name N --role admin|instructor|student

Every flag has a LECTERN_* environment variable; run 'lectern serve -h' to list them.
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr, os.Getenv))
}

func run(args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	cmd := "serve"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	var err error
	switch cmd {
	case "serve", "demo":
		err = serve(ctx, cmd, args, stdout, stderr, getenv)
	case "worker":
		err = worker(ctx, args, stderr, getenv)
	case "migrate":
		err = migrate(ctx, args, stderr, getenv)
	case "user":
		err = userCmd(ctx, args, stdout, stderr, getenv)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "lectern: unknown command %q\n\n%s", cmd, usage)
		return 2
	}
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		fmt.Fprintf(stderr, "lectern %s: %v\n", cmd, describe(err))
		return 1
	}
	return 0
}

// describe spells out validation errors field by field.
func describe(err error) string {
	if e, ok := apperr.As(err); ok && len(e.Fields) > 0 {
		var parts []string
		for _, f := range e.Fields {
			parts = append(parts, f.Field+" "+f.Message)
		}
		return strings.Join(parts, "; ")
	}
	return err.Error()
}

// setup parses flags and environment into a Config and builds the logger.
func setup(name string, args []string, stderr io.Writer, getenv func(string) string, extra func(*flag.FlagSet)) (config.Config, *slog.Logger, error) {
	fs := flag.NewFlagSet("lectern "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	if extra != nil {
		extra(fs)
	}
	cfg, err := config.Load(fs, args, getenv)
	if err != nil {
		return cfg, nil, err
	}
	return cfg, logging.New(stderr, cfg.LogFormat, cfg.LogLevel), nil
}

func open(ctx context.Context, cfg config.Config, log *slog.Logger) (*app.App, error) {
	start := time.Now()
	a, err := app.Open(ctx, cfg, log)
	if err != nil {
		return nil, err
	}
	log.Info("opened", "database", redactURL(cfg.DatabaseURL), "data_dir", cfg.DataDir, "took", time.Since(start).Round(time.Millisecond))
	return a, nil
}

func serve(ctx context.Context, cmd string, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	var extraCourses int
	var flags func(*flag.FlagSet)
	if cmd == "demo" {
		flags = func(fs *flag.FlagSet) {
			fs.IntVar(&extraCourses, "courses", 0, "add this many generated courses (for trying search and paging at scale)")
		}
	}
	cfg, log, err := setup(cmd, args, stderr, getenv, flags)
	if err != nil {
		return err
	}
	start := time.Now()
	a, err := open(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer a.Close()
	demo := cmd == "demo" || cfg.Demo
	if demo {
		if err := a.SeedDemo(ctx); err != nil {
			return fmt.Errorf("seeding demo content: %w", err)
		}
		if err := a.AddGeneratedCourses(ctx, extraCourses); err != nil {
			return fmt.Errorf("generating courses: %w", err)
		}
		go func() {
			if err := a.SeedDemoVideos(ctx); err != nil && ctx.Err() == nil {
				log.Error("making the demo videos", "err", err)
			}
		}()
	}
	return a.Serve(ctx, func(addr string) {
		log.Info("listening", "addr", addr, "url", cfg.PublicURL, "startup", time.Since(start).Round(time.Millisecond))
		fmt.Fprintf(stdout, "\nLectern is running at %s\n", cfg.PublicURL)
		if demo {
			fmt.Fprintln(stdout, "Demo accounts (for trying Lectern out only):")
			for _, d := range app.DemoAccounts {
				role := "student"
				if len(d.Roles) > 0 {
					role = d.Roles[0]
				}
				fmt.Fprintf(stdout, "  %-10s  %-28s  password: %s\n", role, d.Email, d.Password)
			}
		}
		fmt.Fprintln(stdout)
	})
}

func worker(ctx context.Context, args []string, stderr io.Writer, getenv func(string) string) error {
	cfg, log, err := setup("worker", args, stderr, getenv, nil)
	if err != nil {
		return err
	}
	a, err := open(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer a.Close()
	log.Info("worker running")
	a.RunWorkers(ctx)
	return nil
}

func migrate(ctx context.Context, args []string, stderr io.Writer, getenv func(string) string) error {
	cfg, log, err := setup("migrate", args, stderr, getenv, nil)
	if err != nil {
		return err
	}
	if err := cfg.EnsureDataDir(); err != nil {
		return err
	}
	db, err := store.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Migrate(ctx, log); err != nil {
		return err
	}
	log.Info("database is up to date", "database", redactURL(cfg.DatabaseURL))
	return nil
}

func userCmd(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	if len(args) == 0 || args[0] != "create" {
		return errors.New("usage: lectern user create --email E --password P --name N --role admin|instructor|student")
	}
	var email, password, name, role string
	cfg, log, err := setup("user create", args[1:], stderr, getenv, func(fs *flag.FlagSet) {
		fs.StringVar(&email, "email", "", "email address")
		fs.StringVar(&password, "password", "", "password (8-128 characters)")
		fs.StringVar(&name, "name", "", "display name")
		fs.StringVar(&role, "role", "student", "admin, instructor or student")
	})
	if err != nil {
		return err
	}
	if !slices.Contains(store.ValidRoles, role) {
		return fmt.Errorf("--role must be admin, instructor or student, not %q", role)
	}
	a, err := open(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer a.Close()
	u, err := a.CreateUser(ctx, email, password, name, []string{role}, true)
	if errors.Is(err, store.ErrConflict) {
		return fmt.Errorf("an account with email %s already exists", email)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "created user %d <%s> with roles %s\n", u.ID, u.Email, strings.Join(u.Roles, ","))
	return nil
}

// redactURL hides a password in a database URL before it is logged.
func redactURL(raw string) string {
	if i := strings.Index(raw, "://"); i >= 0 {
		rest := raw[i+3:]
		if at := strings.LastIndex(rest, "@"); at >= 0 {
			if colon := strings.Index(rest[:at], ":"); colon >= 0 {
				return raw[:i+3] + rest[:colon] + ":xxxxx" + rest[at:]
			}
		}
	}
	return raw
}
