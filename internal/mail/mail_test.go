package mail

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/textproto"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lectern/lectern/internal/store"
	"github.com/lectern/lectern/internal/testdb"
)

// smtpServer is a minimal SMTP receiver: enough of RFC 5321 for net/smtp's
// client, keeping what it receives.
type smtpServer struct {
	ln   net.Listener
	mu   sync.Mutex
	msgs []string
	rcpt []string
}

func startSMTP(t *testing.T) *smtpServer {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &smtpServer{ln: ln}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go s.serve(c)
		}
	}()
	t.Cleanup(func() { ln.Close() })
	return s
}

func (s *smtpServer) serve(c net.Conn) {
	defer c.Close()
	tp := textproto.NewConn(c)
	tp.PrintfLine("220 test ESMTP")
	for {
		line, err := tp.ReadLine()
		if err != nil {
			return
		}
		cmd := strings.ToUpper(strings.SplitN(line, " ", 2)[0])
		switch cmd {
		case "EHLO", "HELO":
			tp.PrintfLine("250 test")
		case "MAIL":
			tp.PrintfLine("250 ok")
		case "RCPT":
			s.mu.Lock()
			s.rcpt = append(s.rcpt, line)
			s.mu.Unlock()
			tp.PrintfLine("250 ok")
		case "DATA":
			tp.PrintfLine("354 go ahead")
			body, err := io.ReadAll(tp.DotReader())
			if err != nil {
				return
			}
			s.mu.Lock()
			s.msgs = append(s.msgs, string(body))
			s.mu.Unlock()
			tp.PrintfLine("250 queued")
		case "QUIT":
			tp.PrintfLine("221 bye")
			return
		default:
			tp.PrintfLine("502 not implemented")
		}
	}
}

func TestDeliverThroughSMTP(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		ctx := context.Background()
		db, err := store.Open(ctx, target.URL)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		log := slog.New(slog.NewTextHandler(io.Discard, nil))
		if err := db.Migrate(ctx, log); err != nil {
			t.Fatal(err)
		}
		if err := db.InTx(ctx, func(tx *store.Tx) error {
			return tx.EnqueueEmail(ctx, "ann@example.com", "Grüße from Lectern", "Hello Ann,\nline two.\n")
		}); err != nil {
			t.Fatal(err)
		}

		// The server is down: the email stays in the outbox, one failed attempt.
		down, err := NewSMTP("smtp://127.0.0.1:1?from=noreply@lectern.test")
		if err != nil {
			t.Fatal(err)
		}
		d := &Deliverer{DB: db, Transport: down, Log: log, Interval: time.Hour}
		d.DeliverPending(ctx)
		pending, _ := db.PendingEmails(ctx, 10)
		if len(pending) != 1 || pending[0].Attempts != 1 {
			t.Fatalf("after a failed attempt: %+v", pending)
		}

		srv := startSMTP(t)
		up, err := NewSMTP("smtp://" + srv.ln.Addr().String() + "?from=noreply@lectern.test")
		if err != nil {
			t.Fatal(err)
		}
		d.Transport = up
		d.DeliverPending(ctx)
		d.DeliverPending(ctx) // nothing left: no second copy
		srv.mu.Lock()
		defer srv.mu.Unlock()
		if len(srv.msgs) != 1 {
			t.Fatalf("server received %d messages", len(srv.msgs))
		}
		msg := srv.msgs[0]
		for _, want := range []string{"From: noreply@lectern.test", "To: ann@example.com", "Subject: =?utf-8?q?Gr=C3=BC=C3=9Fe_from_Lectern?=", "Hello Ann,\nline two."} { // DotReader turns CRLF into LF
			if !strings.Contains(msg, want) {
				t.Errorf("message lacks %q:\n%s", want, msg)
			}
		}
		if !strings.Contains(srv.rcpt[0], "ann@example.com") {
			t.Errorf("RCPT = %q", srv.rcpt[0])
		}
		if pending, _ := db.PendingEmails(ctx, 10); len(pending) != 0 {
			t.Errorf("still pending: %+v", pending)
		}
	})
}
