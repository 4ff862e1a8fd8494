// Command load is Lectern's load and fault kit. Each scenario starts the
// servers it needs on loopback, drives them with vegeta
// (github.com/tsenart/vegeta) at a fixed rate or a fixed schedule, prints
// its figures and stops everything it started. Nothing is asserted.
//
//	go run ./bench/load browse  [-rate 150] [-d 20s]       mixed catalog browsing on SQLite
//	go run ./bench/load viewers [-viewers 1000] [-d 30s]   HLS viewers fetching a segment every ~4 s
//	go run ./bench/load logins  [-c 64] [-d 15s]           a login storm above the hashing capacity while browsing
//	go run ./bench/load faults                             PostgreSQL restart, Redis down, S3 paused, a node killed
//	go run ./bench/load restore                            make sure PostgreSQL and Redis run (after an interrupted run)
//
// All traffic goes to 127.0.0.1. Every loop is bounded in count and time.
package main

import (
	"fmt"
	"log"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"
)

func usage() {
	fmt.Fprint(os.Stderr, `usage: go run ./bench/load <scenario> [flags]

scenarios:
  browse    mixed catalog browsing at a fixed rate against one lectern serve on SQLite
  viewers   simulated HLS viewers, each fetching its next segment every ~4 s
  logins    logins above the password-hashing capacity while browsing runs
  faults    two serve nodes on PostgreSQL + S3 + Redis under load: PostgreSQL restart,
            Redis stopped, S3 paused, one node killed
  restore   start PostgreSQL and Redis again if they are not running

'go run ./bench/load <scenario> -h' lists a scenario's flags.
`)
	os.Exit(2)
}

func main() {
	log.SetFlags(0)
	if len(os.Args) < 2 {
		usage()
	}
	scenario, args := os.Args[1], os.Args[2:]
	if scenario == "s3server" { // hidden: the S3 server process of the fault run
		s3server(args)
		return
	}
	go onSignal()
	defer runCleanups()
	defer func() {
		if p := recover(); p != nil {
			runCleanups()
			panic(p)
		}
	}()
	switch scenario {
	case "browse":
		browse(args)
	case "viewers":
		viewers(args)
	case "logins":
		logins(args)
	case "faults":
		faults(args)
	case "restore":
		restoreServices()
	default:
		usage()
	}
}

// Clean-up: everything a scenario starts registers how to undo it; the
// functions run in reverse order on return, on a fatal error and on
// SIGINT/SIGTERM.
var (
	cleanMu  sync.Mutex
	cleanups []func()
)

func atExit(f func()) {
	cleanMu.Lock()
	defer cleanMu.Unlock()
	cleanups = append(cleanups, f)
}

func runCleanups() {
	cleanMu.Lock()
	fs := cleanups
	cleanups = nil
	cleanMu.Unlock()
	for i := len(fs) - 1; i >= 0; i-- {
		fs[i]()
	}
}

func onSignal() {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	s := <-ch
	fmt.Fprintf(os.Stderr, "\n%v: cleaning up\n", s)
	runCleanups()
	os.Exit(130)
}

// die prints the error, cleans up and exits.
func die(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "load: "+format+"\n", args...)
	runCleanups()
	os.Exit(1)
}

func check(err error, what string) {
	if err != nil {
		die("%s: %v", what, err)
	}
}

// watchdog ends the whole run after limit whatever happens, cleaning up.
func watchdog(limit time.Duration) {
	go func() {
		time.Sleep(limit)
		die("the run took longer than %s (-max-run): stopped", limit)
	}()
}
