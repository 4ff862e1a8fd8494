package app_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/lectern/lectern/internal/access"
	"github.com/lectern/lectern/internal/auth"
	"github.com/lectern/lectern/internal/media"
	"github.com/lectern/lectern/internal/store"
	"github.com/lectern/lectern/internal/testdb"
)

// protectedVideo gives lecture lectureID of owner a ready, encrypted video
// without transcoding anything: the rows a finished pipeline leaves, and a
// key sealed the way the app seals them (so the test also proves the key
// is derived from the master secret). It returns the video id and the key.
func (e *env) protectedVideo(ownerID, lectureID string) (int64, [16]byte, [16]byte) {
	e.t.Helper()
	ctx := context.Background()
	db := e.app.DB
	owner, _ := strconv.ParseInt(ownerID, 10, 64)
	lec, _ := strconv.ParseInt(lectureID, 10, 64)
	var v *store.Video
	if err := db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		if v, err = tx.CreateUpload(ctx, owner, lec, "fake-"+lectureID, "v.mp4", 10); err != nil {
			return err
		}
		_, err = tx.MarkUploaded(ctx, v.ID, "sources/fake")
		return err
	}); err != nil {
		e.t.Fatal(err)
	}
	if ok, err := db.StartProcessing(ctx, v.ID, 0); err != nil || !ok {
		e.t.Fatal(ok, err)
	}
	if err := db.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.PublishVideo(ctx, v.ID, 0, store.Published{Prefix: fmt.Sprintf("videos/%d/aa", v.ID), DurationS: 4, Width: 640, Height: 360}); err != nil {
			return err
		}
		return tx.SetPackaging(ctx, v.ID, media.Packaging)
	}); err != nil {
		e.t.Fatal(err)
	}
	keys, err := auth.NewKeys([]byte(testSecret))
	if err != nil {
		e.t.Fatal(err)
	}
	sealer, _ := auth.NewSealer(keys.Derive("video keys v1"))
	var kid, key [16]byte
	copy(kid[:], "key id of video!")
	copy(key[:], "sixteen byte key")
	sealed := sealer.Seal(fmt.Sprintf("video key v1 %d", v.ID), key[:])
	if bytes.Contains(sealed, key[:]) {
		e.t.Fatal("the sealed key holds the key")
	}
	if _, err := db.AddVideoKey(ctx, v.ID, hex.EncodeToString(kid[:]), sealed); err != nil {
		e.t.Fatal(err)
	}
	return v.ID, kid, key
}

// TestVideoKeysOnlyForTheEntitled: the key endpoint asks the access policy
// on every request, so a refund or a disabled account stops the next key
// fetch even with playlists in hand.
func TestVideoKeysOnlyForTheEntitled(t *testing.T) {
	t.Parallel()
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		s := newShop(t, target)
		other := s.instructor("other@x.io", "Other")
		stranger := s.register("stranger@x.io", "student pass 44", "Stranger")
		buyer2 := s.register("buyer2@x.io", "student pass 45", "Buyer Two")
		root := s.admin()

		cid := s.course(s.teacher, map[string]any{"title": "Locked Films", "description_md": "x", "price_cents": 2500, "currency": "USD"}).str("id")
		sec := s.do(req{Method: "POST", Path: "/api/v1/courses/" + cid + "/sections", Token: s.teacher.Access, Body: map[string]string{"title": "S"}}).expect(t, 201).str("id")
		lec := s.do(req{Method: "POST", Path: "/api/v1/sections/" + sec + "/lectures", Token: s.teacher.Access, Body: map[string]any{"title": "Film"}}).expect(t, 201).str("id")
		vid, kid, key := s.protectedVideo(s.teacher.ID, lec)
		s.do(req{Method: "POST", Path: "/api/v1/courses/" + cid + "/publish", Token: s.teacher.Access}).expect(t, 200)

		path := fmt.Sprintf("/api/v1/media/keys/%d", vid)
		b64 := base64.RawURLEncoding.EncodeToString
		license := map[string]any{"kids": []string{b64(kid[:])}, "type": "temporary"}
		ask := func(a account, want int) resp {
			t.Helper()
			r := s.do(req{Method: "POST", Path: path, Token: a.Access, Body: license}).expect(t, want)
			if cc := r.Header.Get("Cache-Control"); cc != "no-store" {
				t.Errorf("key answer Cache-Control = %q, want no-store", cc)
			}
			if want == 200 {
				k := r.JSON["keys"].([]any)[0].(map[string]any)
				if k["kty"] != "oct" || k["kid"] != b64(kid[:]) || k["k"] != b64(key[:]) || r.str("type") != "temporary" {
					t.Errorf("license = %s", r.Body)
				}
			}
			return r
		}
		buy := func(a account) string {
			t.Helper()
			oid := s.checkout(a, map[string]any{"course_ids": []string{cid}}).expect(t, 201).str("order_id")
			s.do(req{Method: "POST", Path: "/api/v1/orders/" + oid + "/test-payment", Token: a.Access, Body: map[string]string{"action": "pay"}}).expect(t, 200)
			return oid
		}

		ask(account{}, 401)
		ask(stranger, 403)
		ask(other, 403)
		ask(s.student, 403)
		ask(s.teacher, 200)
		ask(root, 200)

		// The playback answer says where the DASH manifest and the key are.
		pb := s.do(req{Method: "GET", Path: "/api/v1/lectures/" + lec + "/playback", Token: s.teacher.Access}).expect(t, 200)
		enc, _ := pb.JSON["encryption"].(map[string]any)
		if dash, _ := pb.JSON["dash_url"].(string); !strings.HasSuffix(dash, "/manifest.mpd") || enc["license_url"] != path ||
			enc["key_system"] != "org.w3.clearkey" || enc["scheme"] != "cbcs" {
			t.Errorf("playback = %s", pb.Body)
		}

		// Enrolled: the key. Refunded: the next request is refused.
		oid := buy(s.student)
		ask(s.student, 200)
		s.do(req{Method: "POST", Path: path, Token: s.student.Access, Body: map[string]any{"kids": []string{b64(make([]byte, 16))}}}).expect(t, 404)
		s.do(req{Method: "POST", Path: path, Token: s.student.Access}).expect(t, 200) // a request without a body names no key: the video's
		s.do(req{Method: "POST", Path: "/api/v1/orders/" + oid + "/refund", Token: s.student.Access, Body: map[string]string{"reason": "no"}}).expect(t, 200)
		ask(s.student, 403)

		// A disabled account: refused at once, enrolled or not.
		buy(buyer2)
		ask(buyer2, 200)
		s.do(req{Method: "PATCH", Path: "/api/v1/admin/users/" + buyer2.ID, Token: root.Access, Body: map[string]any{"disabled": true}}).expect(t, 200)
		if r := ask(buyer2, 403); r.str("code") != "account_disabled" {
			t.Errorf("disabled buyer: %s", r.Body)
		}

		s.do(req{Method: "POST", Path: "/api/v1/media/keys/999999", Token: root.Access, Body: license}).expect(t, 404)

		// The same rule called on the service directly.
		ctx := context.Background()
		if _, err := s.app.Media.ContentKey(ctx, nil, vid); !errors.Is(err, access.ErrLogin) {
			t.Errorf("ContentKey(anonymous) = %v", err)
		}
		teacherID, _ := strconv.ParseInt(s.teacher.ID, 10, 64)
		teacher, err := s.app.DB.UserByID(ctx, teacherID)
		if err != nil {
			t.Fatal(err)
		}
		if lic, err := s.app.Media.ContentKey(ctx, teacher, vid); err != nil || lic.Key != key || lic.KeyID != kid {
			t.Errorf("ContentKey(owner) = %+v, %v", lic, err)
		}
	})
}
