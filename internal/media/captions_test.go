package media

import "testing"

func TestToWebVTT(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, in, want, problem string
	}{
		{"webvtt kept", "WEBVTT\n\n00:01.000 --> 00:02.000\nHi\n", "WEBVTT\n\n00:01.000 --> 00:02.000\nHi\n", ""},
		{"bom dropped", "\xef\xbb\xbfWEBVTT - title\n", "WEBVTT - title\n", ""},
		{"srt converted", "1\n00:00:01,000 --> 00:00:04,250\nTwo\nlines\n\n2\n01:02:03,004 --> 01:02:05,000 X1:10\n<i>it</i>\n",
			"WEBVTT\n\n00:00:01.000 --> 00:00:04.250\nTwo\nlines\n\n01:02:03.004 --> 01:02:05.000\n<i>it</i>\n", ""},
		{"srt crlf, no numbers, short hours", "\r\n0:00:01,000 --> 0:00:02,000\r\nA --> B\r\n", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nA -> B\n", ""},
		{"WEBVTTX is not webvtt", "WEBVTTX\n", "", "must be a WebVTT file (it starts with WEBVTT) or a SubRip (.srt) file"},
		{"plain text", "hello", "", "must be a WebVTT file (it starts with WEBVTT) or a SubRip (.srt) file"},
		{"empty", "", "", "must be a WebVTT file (it starts with WEBVTT) or a SubRip (.srt) file"},
		{"not utf-8", "WEBVTT\n\xff", "", "must be UTF-8 text"},
	}
	for _, c := range cases {
		got, problem := ToWebVTT([]byte(c.in))
		if string(got) != c.want || problem != c.problem {
			t.Errorf("%s: got %q, %q; want %q, %q", c.name, got, problem, c.want, c.problem)
		}
	}
}
