// Package mail delivers the emails written to the outbox table: through SMTP
// when LECTERN_SMTP_URL is set, otherwise to the log (the outbox row stays as
// the record). Writing first and delivering after means an email is sent
// only when the change that caused it committed, and none is lost when the
// mail server is down.
package mail

import (
	"context"
	"crypto/tls"
	"fmt"
	"log/slog"
	"mime"
	"net"
	"net/smtp"
	"net/url"
	"strings"
	"time"

	"github.com/lectern/lectern/internal/store"
)

// Transport delivers one message.
type Transport interface {
	Send(ctx context.Context, to, subject, body string) error
}

// LogTransport writes messages to the log; the embedded default.
type LogTransport struct{ Log *slog.Logger }

// Send implements Transport.
func (t LogTransport) Send(ctx context.Context, to, subject, body string) error {
	t.Log.InfoContext(ctx, "email (no SMTP configured; shown here instead)", "to", to, "subject", subject, "body", body)
	return nil
}

// SMTPTransport sends through an SMTP server given as
// smtp://user:pass@host:port?from=addr (STARTTLS when offered) or smtps://
// (implicit TLS).
type SMTPTransport struct {
	addr, host, from string
	implicitTLS      bool
	auth             smtp.Auth
}

// NewSMTP parses an SMTP URL.
func NewSMTP(raw string) (*SMTPTransport, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, err
	}
	host := u.Hostname()
	port := u.Port()
	if port == "" {
		port = map[string]string{"smtp": "587", "smtps": "465"}[u.Scheme]
	}
	t := &SMTPTransport{addr: net.JoinHostPort(host, port), host: host, from: u.Query().Get("from"), implicitTLS: u.Scheme == "smtps"}
	if t.from == "" {
		t.from = "lectern@" + host
	}
	if u.User != nil {
		pass, _ := u.User.Password()
		t.auth = smtp.PlainAuth("", u.User.Username(), pass, host)
	}
	return t, nil
}

// Send implements Transport.
func (t *SMTPTransport) Send(ctx context.Context, to, subject, body string) error {
	d := net.Dialer{Timeout: 10 * time.Second}
	var conn net.Conn
	var err error
	if t.implicitTLS {
		conn, err = tls.DialWithDialer(&d, "tcp", t.addr, &tls.Config{ServerName: t.host})
	} else {
		conn, err = d.DialContext(ctx, "tcp", t.addr)
	}
	if err != nil {
		return err
	}
	_ = conn.SetDeadline(time.Now().Add(30 * time.Second))
	c, err := smtp.NewClient(conn, t.host)
	if err != nil {
		conn.Close()
		return err
	}
	defer c.Close()
	if ok, _ := c.Extension("STARTTLS"); ok && !t.implicitTLS {
		if err := c.StartTLS(&tls.Config{ServerName: t.host}); err != nil {
			return err
		}
	}
	if t.auth != nil {
		if err := c.Auth(t.auth); err != nil {
			return err
		}
	}
	if err := c.Mail(t.from); err != nil {
		return err
	}
	if err := c.Rcpt(to); err != nil {
		return err
	}
	w, err := c.Data()
	if err != nil {
		return err
	}
	msg := fmt.Sprintf("From: %s\r\nTo: %s\r\nSubject: %s\r\nDate: %s\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n%s",
		t.from, to, mime.QEncoding.Encode("utf-8", subject), time.Now().Format(time.RFC1123Z), strings.ReplaceAll(body, "\n", "\r\n"))
	if _, err := w.Write([]byte(msg)); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return c.Quit()
}

// Deliverer drains the outbox in the background.
type Deliverer struct {
	DB        *store.DB
	Transport Transport
	Log       *slog.Logger
	Interval  time.Duration
}

// Run delivers pending emails every Interval until ctx ends.
func (d *Deliverer) Run(ctx context.Context) {
	t := time.NewTicker(d.Interval)
	defer t.Stop()
	for {
		d.DeliverPending(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// DeliverPending sends what is in the outbox now.
func (d *Deliverer) DeliverPending(ctx context.Context) {
	emails, err := d.DB.PendingEmails(ctx, 50)
	if err != nil {
		if ctx.Err() == nil {
			d.Log.WarnContext(ctx, "reading outbox", "err", err)
		}
		return
	}
	for _, e := range emails {
		if err := d.Transport.Send(ctx, e.To, e.Subject, e.Body); err != nil {
			d.Log.WarnContext(ctx, "email delivery failed; will retry", "id", e.ID, "err", err)
			_ = d.DB.MarkEmailFailed(ctx, e.ID, err.Error())
			continue
		}
		if err := d.DB.MarkEmailSent(ctx, e.ID); err != nil {
			d.Log.WarnContext(ctx, "marking email sent", "id", e.ID, "err", err)
		}
	}
}
