package learning

import (
	"testing"

	"github.com/lectern/lectern/internal/store"
)

func TestGrade(t *testing.T) {
	q := &store.Quiz{PassPercent: 60, Questions: []store.QuizQuestion{
		{ID: "one", Answers: []store.QuizAnswer{{ID: "a", Correct: true}, {ID: "b"}}},
		{ID: "many", Multiple: true, Answers: []store.QuizAnswer{{ID: "x", Correct: true}, {ID: "y", Correct: true}, {ID: "z"}}},
		{ID: "three", Answers: []store.QuizAnswer{{ID: "c"}, {ID: "d", Correct: true}}},
	}}
	cases := []struct {
		name    string
		chosen  map[string][]string
		score   int
		passed  bool
		invalid bool
	}{
		{"all right", map[string][]string{"one": {"a"}, "many": {"y", "x"}, "three": {"d"}}, 100, true, false},
		{"a subset of a multiple is wrong", map[string][]string{"one": {"a"}, "many": {"x"}, "three": {"d"}}, 66, true, false},
		{"an extra choice is wrong", map[string][]string{"one": {"a"}, "many": {"x", "y", "z"}, "three": {"c"}}, 33, false, false},
		{"duplicates count once", map[string][]string{"one": {"a"}, "many": {"x", "x", "y"}, "three": {"c"}}, 66, true, false},
		{"unanswered", map[string][]string{"one": {"a"}, "many": {"x"}}, 0, false, true},
		{"two for a single", map[string][]string{"one": {"a", "b"}, "many": {"x"}, "three": {"d"}}, 0, false, true},
		{"unknown answer", map[string][]string{"one": {"q"}, "many": {"x"}, "three": {"d"}}, 0, false, true},
		{"unknown question", map[string][]string{"one": {"a"}, "many": {"x"}, "three": {"d"}, "four": {"a"}}, 0, false, true},
	}
	for _, tc := range cases {
		res, err := grade(q, tc.chosen)
		if tc.invalid {
			if err == nil {
				t.Errorf("%s: graded, want a validation error", tc.name)
			}
			continue
		}
		if err != nil || res.Attempt.ScorePercent != tc.score || res.Attempt.Passed != tc.passed {
			t.Errorf("%s: %+v, %v; want %d%%, passed %v", tc.name, res, err, tc.score, tc.passed)
		}
	}
}

func TestCleanQuizKeepsIDs(t *testing.T) {
	in := store.Quiz{PassPercent: 50, Questions: []store.QuizQuestion{{ID: "keep", Prompt: " Q ", Answers: []store.QuizAnswer{
		{ID: "a1", Body: "A", Correct: true}, {ID: "a1", Body: "B"}, {ID: "bad id!", Body: "C"}}}}}
	out, err := cleanQuiz(in)
	if err != nil {
		t.Fatal(err)
	}
	a := out.Questions[0].Answers
	if out.Questions[0].ID != "keep" || out.Questions[0].Prompt != "Q" || a[0].ID != "a1" || a[1].ID == "a1" || a[2].ID == "bad id!" || a[1].ID == a[2].ID {
		t.Errorf("cleaned = %+v", out)
	}
}

func TestHours(t *testing.T) {
	for s, want := range map[int]string{0: "Less than a minute", 600: "10 minutes", 3600: "1 hour", 9000: "2.5 hours"} {
		if got := hours(s); got != want {
			t.Errorf("hours(%d) = %q, want %q", s, got, want)
		}
	}
}
