package app

import "strings"

// The demo catalog: instructors, students and two dozen courses that read
// like a real marketplace's. Everything here is data; demo.go turns it into
// accounts, courses, videos, enrolments and reviews.

type demoPerson struct {
	Name, Headline, Bio string
}

// demoInstructors teach the demo courses. The first is the demo instructor
// account printed at start-up (instructor@demo.lectern.dev).
var demoInstructors = []demoPerson{
	{"Ian Instructor", "Software engineer and teacher of practical Go and web development",
		"Ian has built backend services for fifteen years, most recently payment systems handling millions of requests a day. He teaches the way he mentors new colleagues: one idea at a time, with code you can run straight away."},
	{"Maya Okafor", "Product designer, former design lead at a fintech start-up",
		"Maya has designed banking apps, booking flows and design systems used by hundreds of engineers. She believes good design is mostly careful thinking made visible, and her courses are full of exercises you can finish in an afternoon."},
	{"Daniel Novak", "Data scientist and statistics lecturer",
		"Daniel spent a decade turning messy spreadsheets into decisions for retailers and hospitals. He teaches statistics and machine learning with real data sets, honest caveats and as little jargon as possible."},
	{"Lucía Silva", "Marketing strategist and writer",
		"Lucía has run marketing for three software companies from their first customer to their hundredth employee. Her courses focus on what actually moves the numbers, measured, not guessed."},
	{"Kenji Nakamura", "Musician, producer and photographer",
		"Kenji plays guitar in a touring band, produces records in a small studio in Osaka and photographs everything in between. He teaches creative skills with a craftsman's patience."},
	{"Sarah Haddad", "Certified coach in fitness, nutrition and productivity",
		"Sarah has coached athletes, busy parents and software teams. Her courses build habits that last: small steps, clear reasons and a plan you can keep."},
}

// demoStudents review and enrol; they sign in with the demo student
// password (student1@demo.lectern.dev and so on).
var demoStudents = []string{
	"Priya Raman", "Tom Becker", "Aisha Bello", "Lukas Schmidt", "Mei Chen", "Carlos Mendes", "Olivia Brown", "Yusuf Demir",
	"Hannah Müller", "Jonas Lindqvist", "Fatima Zahra", "Noah Williams", "Elena Petrova", "Samuel Osei", "Chloé Martin",
	"Ravi Patel", "Grace Kim", "Mateo García", "Ingrid Hansen", "Omar Farouk", "Lily Nguyen", "Ben Carter", "Zoe Adams",
	"Arjun Mehta", "Sofia Rossi", "Daniel Park", "Amara Nwosu", "Felix Wagner", "Nora Ali", "Leo Dubois",
}

type demoLecture struct {
	Title string
	Video bool
}

type demoSection struct {
	Title    string
	Lectures []demoLecture
}

type demoCourse struct {
	Title, Subtitle, Category, Level string
	PriceCents                       int64
	Instructor                       int // index in demoInstructors
	About                            string
	Learn, Requires                  []string
	Sections                         []demoSection
	Featured                         bool
}

// secs parses a compact curriculum: each string is "Section title" then
// lectures separated by "|"; a lecture starting with "v " is a video,
// "a " an article.
//
// Only the first two videos of a course are videos (the rest are notes):
// that keeps the first run's processing to a few minutes.
func secs(specs ...string) []demoSection {
	var out []demoSection
	videos := 0
	for _, s := range specs {
		parts := strings.Split(s, "|")
		sec := demoSection{Title: strings.TrimSpace(parts[0])}
		for _, p := range parts[1:] {
			p = strings.TrimSpace(p)
			video := strings.HasPrefix(p, "v ") && videos < 2
			if video {
				videos++
			}
			sec.Lectures = append(sec.Lectures, demoLecture{Title: strings.TrimSpace(p[2:]), Video: video})
		}
		out = append(out, sec)
	}
	return out
}

// Markdown renders the course description: what it is about, what the
// student will learn and what they need.
func (dc demoCourse) Markdown() string {
	var b strings.Builder
	b.WriteString(dc.About)
	b.WriteString("\n\n## What you will learn\n\n")
	for _, l := range dc.Learn {
		b.WriteString("- " + l + "\n")
	}
	b.WriteString("\n## Requirements\n\n")
	for _, r := range dc.Requires {
		b.WriteString("- " + r + "\n")
	}
	b.WriteString("\n## Who this course is for\n\nAnyone who wants to " + strings.ToLower(dc.Learn[0][:1]) + dc.Learn[0][1:] +
		" and prefers short lessons with exercises to long lectures.\n")
	return b.String()
}

var demoCatalog = []demoCourse{
	{Title: "Go for Busy Engineers", Subtitle: "Write, test and ship small Go services, one idea at a time", Category: "development", Level: "beginner", PriceCents: 0, Instructor: 0, Featured: true,
		About:    "A compact, practical introduction to Go for engineers who already program in another language. Every lecture is one idea you can use the same day, and the course ends with a small HTTP service you will deploy as a single binary.",
		Learn:    []string{"Read and write idiomatic Go", "Test with the standard library", "Handle errors as values, not exceptions", "Build and ship a small HTTP service"},
		Requires: []string{"Experience with any programming language", "A computer that can run Go (Windows, macOS or Linux)"},
		Sections: secs("Getting started | a How this course works | v Welcome and what you will build | a Installing Go",
			"The language | v Values, types and functions | a Errors are values | a Structs and methods",
			"Shipping | v A tiny HTTP service | a Building one binary")},
	{Title: "Practical PostgreSQL", Subtitle: "Schemas, indexes and queries that stay fast as your data grows", Category: "data-science", Level: "intermediate", PriceCents: 3499, Instructor: 0, Featured: true,
		About:    "Most slow applications are slow in the database. This course teaches you to design tables, read query plans and choose indexes with confidence, using a realistic shop database you build step by step.",
		Learn:    []string{"Design normalised schemas that are pleasant to query", "Read EXPLAIN ANALYZE output", "Choose the right index for each query", "Use transactions and constraints to keep data correct"},
		Requires: []string{"Basic SQL (SELECT, INSERT, JOIN)", "PostgreSQL installed locally or in Docker"},
		Sections: secs("Foundations | a How this course works | v Why the database decides your speed | a Setting up the sample shop",
			"Query plans | v Reading EXPLAIN | a Sequential and index scans",
			"Indexes | v B-tree indexes in practice | a Partial and expression indexes | a Checklist before adding an index")},
	{Title: "Modern JavaScript from the Ground Up", Subtitle: "The language as it is written today: modules, async code and the DOM", Category: "development", Level: "beginner", PriceCents: 1999, Instructor: 0,
		About:    "Skip the history lesson. Learn JavaScript as professionals write it in the browser and on the server, with modules, promises, async functions and a small interactive project.",
		Learn:    []string{"Write modern JavaScript with confidence", "Understand promises and async functions", "Manipulate the page with the DOM API", "Organise code into modules"},
		Requires: []string{"No programming experience needed", "A modern browser and a text editor"},
		Sections: secs("First steps | a How this course works | v Your first script | a Values and variables",
			"Functions and objects | v Functions are values | a Objects and arrays",
			"Asynchronous code | v Promises without tears | a async and await")},
	{Title: "Docker and Containers in a Weekend", Subtitle: "Package, run and ship applications with containers", Category: "it-and-software", Level: "beginner", PriceCents: 2499, Instructor: 0,
		About:    "Containers are how most software is shipped today. In one weekend you will learn to write Dockerfiles, run multi-container applications with Compose and keep images small and secure.",
		Learn:    []string{"Write small, secure Dockerfiles", "Run multi-container apps with Compose", "Debug containers that will not start", "Publish images to a registry"},
		Requires: []string{"Comfort with the command line", "Docker Desktop or Docker Engine installed"},
		Sections: secs("Containers | a How this course works | v What a container really is | a Installing Docker",
			"Images | v Writing a Dockerfile | a Multi-stage builds",
			"Compose | v An app and its database | a Troubleshooting checklist")},
	{Title: "Colour Theory for Interface Design", Subtitle: "Choose palettes that read well, for everyone", Category: "design", Level: "intermediate", PriceCents: 1999, Instructor: 1, Featured: true,
		About:    "Colour is the first thing users notice and the easiest thing to get wrong. Learn how hue, value and saturation work together, how to pass contrast checks and how to build a palette for a whole product.",
		Learn:    []string{"Use hue, value and saturation deliberately", "Meet accessibility contrast requirements", "Build a complete product palette", "Present colour decisions to your team"},
		Requires: []string{"Any design tool (Figma is used in the examples)", "No prior colour theory needed"},
		Sections: secs("Seeing colour | a How this course works | v Why colour is relative | a Value before hue",
			"Palettes | v Building a palette from one brand colour | a Contrast checklist",
			"In the product | v States, charts and dark mode | a Documenting your palette")},
	{Title: "Figma Essentials for Product Teams", Subtitle: "Components, auto layout and prototypes without the chaos", Category: "design", Level: "beginner", PriceCents: 2999, Instructor: 1,
		About:    "Figma is where product teams meet. This course takes you from empty canvas to a tidy file with reusable components, responsive auto layout and a clickable prototype you can test with users.",
		Learn:    []string{"Organise files that teammates can navigate", "Build components with variants", "Use auto layout for responsive designs", "Prototype and share flows for testing"},
		Requires: []string{"A free Figma account", "No design experience needed"},
		Sections: secs("The canvas | a How this course works | v A tour of Figma | a Frames, groups and layers",
			"Components | v Your first component | a Variants and properties",
			"Prototypes | v Linking screens | a Sharing for feedback")},
	{Title: "UX Research on a Budget", Subtitle: "Interviews, usability tests and surveys that change decisions", Category: "design", Level: "all", PriceCents: 3999, Instructor: 1,
		About:    "You do not need a lab or a research team to learn what users need. Plan and run interviews and usability tests in a week, and turn what you hear into decisions your team will act on.",
		Learn:    []string{"Plan research around a real decision", "Run interviews without leading questions", "Run and analyse usability tests", "Share findings people remember"},
		Requires: []string{"A product or idea to research", "Curiosity about people"},
		Sections: secs("Planning | a How this course works | v Start from the decision | a Recruiting participants",
			"Talking to users | v Interview techniques | a A discussion guide template",
			"Testing | v Five-user usability tests | a From notes to findings")},
	{Title: "Typography That Works", Subtitle: "Choose, pair and set type for screens", Category: "design", Level: "beginner", PriceCents: 1499, Instructor: 1,
		About:    "Good typography is invisible; bad typography drives readers away. Learn to choose typefaces, build a type scale and set text that is comfortable to read on every screen.",
		Learn:    []string{"Choose typefaces for a purpose", "Build a modular type scale", "Set line length, leading and spacing", "Pair typefaces with confidence"},
		Requires: []string{"No prior knowledge needed"},
		Sections: secs("Letters | a How this course works | v Anatomy of a typeface | a Serif, sans and everything else",
			"Setting text | v Line length and leading | a A type scale in practice")},
	{Title: "Statistics for Data Analysis", Subtitle: "The statistics you actually use, explained with real data", Category: "data-science", Level: "beginner", PriceCents: 2999, Instructor: 2, Featured: true,
		About:    "Averages that mislead, charts that lie and A/B tests that were never significant: statistics is everywhere in business. This course teaches the handful of ideas behind most analyses, with real data sets and no proofs.",
		Learn:    []string{"Describe data with the right summaries", "Understand sampling and uncertainty", "Run and read hypothesis tests", "Spot misleading charts and claims"},
		Requires: []string{"High-school mathematics", "A spreadsheet or Python (both are shown)"},
		Sections: secs("Describing data | a How this course works | v Averages and spread | a Distributions you will meet",
			"Uncertainty | v Samples and confidence intervals | a The central limit theorem, intuitively",
			"Testing | v A/B tests done right | a Common mistakes")},
	{Title: "Machine Learning with Python", Subtitle: "From a clean data set to a model you can trust", Category: "data-science", Level: "intermediate", PriceCents: 4999, Instructor: 2,
		About:    "Build, evaluate and explain machine learning models with scikit-learn. Each section is a small project: predicting prices, classifying messages and finding groups of customers.",
		Learn:    []string{"Prepare data for machine learning", "Train and evaluate regression and classification models", "Avoid overfitting with validation", "Explain what a model learned"},
		Requires: []string{"Basic Python", "Some statistics helps but is not required"},
		Sections: secs("Setup | a How this course works | v The machine learning workflow | a Installing the tools",
			"Supervised learning | v Predicting house prices | a Classifying messages | a Metrics that matter",
			"Beyond accuracy | v Cross-validation | a Explaining predictions")},
	{Title: "Pandas for Everyday Data Work", Subtitle: "Clean, reshape and summarise data in a few lines of Python", Category: "data-science", Level: "beginner", PriceCents: 1999, Instructor: 2,
		About:    "Replace hours of spreadsheet work with short, repeatable Python scripts. Learn the pandas operations that cover nine tenths of daily data work.",
		Learn:    []string{"Load data from CSV, Excel and SQL", "Clean messy columns and missing values", "Group, pivot and join tables", "Make quick charts for reports"},
		Requires: []string{"Python installed", "Familiarity with spreadsheets"},
		Sections: secs("DataFrames | a How this course works | v Your first DataFrame | a Selecting rows and columns",
			"Cleaning | v Missing values and types | a Text columns",
			"Summaries | v Group by and pivot | a Charts for reports")},
	{Title: "Excel for Business Analysis", Subtitle: "Formulas, pivot tables and dashboards that managers understand", Category: "business", Level: "beginner", PriceCents: 0, Instructor: 2,
		About:    "Excel is still the most used analysis tool in business. Learn the formulas, pivot tables and charts that turn a raw export into an answer your manager can act on.",
		Learn:    []string{"Write formulas with lookups and conditions", "Summarise data with pivot tables", "Build a simple dashboard", "Check your work for common errors"},
		Requires: []string{"Excel 2016 or later, or a free online spreadsheet"},
		Sections: secs("Formulas | a How this course works | v References and ranges | a XLOOKUP and friends",
			"Pivot tables | v Your first pivot table | a Grouping dates",
			"Dashboards | v A one-page dashboard | a Checklist before sending")},
	{Title: "SEO Fundamentals", Subtitle: "Get found on search engines without tricks", Category: "marketing", Level: "beginner", PriceCents: 2499, Instructor: 3,
		About:    "Search engine optimisation is mostly about being useful and being clear. Learn how search works, how to research keywords and how to write and structure pages that rank and convert.",
		Learn:    []string{"Understand how search engines rank pages", "Research keywords people really use", "Write titles and pages that earn clicks", "Measure results with free tools"},
		Requires: []string{"A website or blog helps, but is not required"},
		Sections: secs("How search works | a How this course works | v Crawling, indexing and ranking | a Search intent",
			"Keywords | v Keyword research in an hour | a Mapping keywords to pages",
			"Pages | v Titles and descriptions | a Technical checklist")},
	{Title: "Copywriting That Converts", Subtitle: "Write headlines, emails and landing pages people act on", Category: "marketing", Level: "all", PriceCents: 3499, Instructor: 3, Featured: true,
		About:    "Words sell. Learn a repeatable process for writing copy that speaks to a real person's problem, and test it so you know what works instead of guessing.",
		Learn:    []string{"Research what customers really say", "Write headlines with a clear promise", "Structure a landing page", "Test copy with simple experiments"},
		Requires: []string{"No experience needed", "Something to sell helps"},
		Sections: secs("Research | a How this course works | v Voice of the customer | a Interview questions",
			"Writing | v Headlines that promise | a The landing page skeleton",
			"Testing | v Simple A/B tests | a Editing checklist")},
	{Title: "Email Marketing Playbook", Subtitle: "Build a list and send emails people look forward to", Category: "marketing", Level: "beginner", PriceCents: 1999, Instructor: 3,
		About:    "Email is the marketing channel you own. Set up sign-up forms, welcome sequences and newsletters that grow trust and sales, and keep out of the spam folder.",
		Learn:    []string{"Grow a list with honest sign-up offers", "Write a welcome sequence", "Plan a newsletter calendar", "Read open and click rates sensibly"},
		Requires: []string{"A free account with any email service"},
		Sections: secs("Your list | a How this course works | v Why email still works | a Sign-up forms that convert",
			"Sequences | v The welcome sequence | a Templates",
			"Measuring | v Metrics that matter | a Staying out of spam")},
	{Title: "Negotiation Skills for Work", Subtitle: "Salary, deals and everyday agreements without the stress", Category: "business", Level: "all", PriceCents: 2999, Instructor: 3,
		About:    "Everyone negotiates, every day. Learn a calm, prepared approach to salary talks, supplier deals and team decisions that leaves both sides better off.",
		Learn:    []string{"Prepare for any negotiation in an hour", "Find interests behind positions", "Make and answer offers with confidence", "Handle pressure tactics calmly"},
		Requires: []string{"No experience needed"},
		Sections: secs("Preparation | a How this course works | v Interests and alternatives | a A preparation worksheet",
			"At the table | v Making the first offer | a Handling objections",
			"Practice | v A salary conversation | a After the deal")},
	{Title: "Guitar for Complete Beginners", Subtitle: "Chords, rhythm and your first songs in thirty days", Category: "music", Level: "beginner", PriceCents: 1999, Instructor: 4, Featured: true,
		About:    "Pick up a guitar and play real songs within a month. Short daily lessons cover posture, chords, strumming and changing chords in time, with play-along exercises for each step.",
		Learn:    []string{"Play the eight essential open chords", "Strum steady rhythms", "Change chords in time", "Play complete songs from chord charts"},
		Requires: []string{"An acoustic or electric guitar", "Fifteen minutes a day"},
		Sections: secs("First days | a How this course works | v Holding the guitar | a Tuning up",
			"Chords | v Your first three chords | a Chord change drills",
			"Rhythm | v Strumming patterns | a Practice plan for thirty days")},
	{Title: "Music Production with Free Tools", Subtitle: "Record, arrange and mix a track on your laptop", Category: "music", Level: "beginner", PriceCents: 3999, Instructor: 4,
		About:    "Make a finished track with free software. Learn recording, beats, arrangement and a simple mixing routine that makes your songs sound clear on any speaker.",
		Learn:    []string{"Set up a free home studio", "Program drums and basslines", "Arrange a full song", "Mix with EQ and compression"},
		Requires: []string{"A laptop", "Headphones"},
		Sections: secs("Studio | a How this course works | v A tour of the workstation | a Setting up audio",
			"Making music | v Beats and bass | a Arranging a song",
			"Mixing | v EQ and compression | a Exporting your track")},
	{Title: "Portrait Photography with Natural Light", Subtitle: "Flattering portraits with any camera, no studio needed", Category: "photography-and-video", Level: "intermediate", PriceCents: 2999, Instructor: 4,
		About:    "Window light, open shade and golden hour are all you need for beautiful portraits. Learn to see and shape light, pose people naturally and edit for a consistent look.",
		Learn:    []string{"Find and shape flattering light", "Pose people so they look relaxed", "Choose lenses and settings for portraits", "Edit portraits consistently"},
		Requires: []string{"Any camera with manual settings, or a recent phone"},
		Sections: secs("Light | a How this course works | v Seeing light | a Window light setups",
			"People | v Posing without stiffness | a Directing a session",
			"Editing | v A portrait editing routine | a Exporting for print and web")},
	{Title: "Video Editing Essentials", Subtitle: "Cut, colour and share videos that keep viewers watching", Category: "photography-and-video", Level: "beginner", PriceCents: 2499, Instructor: 4,
		About:    "Turn raw clips into videos people watch to the end. Learn pacing, cuts, sound and colour in any editor, with project files to practise on.",
		Learn:    []string{"Organise footage before editing", "Cut for pace and story", "Clean up sound", "Colour correct and export"},
		Requires: []string{"Any video editor (free ones are fine)"},
		Sections: secs("Before the edit | a How this course works | v Organising footage | a Choosing an editor",
			"Editing | v Cutting for pace | a Sound matters",
			"Finishing | v Colour correction | a Export settings")},
	{Title: "Strength Training Foundations", Subtitle: "Build strength safely with five basic lifts", Category: "health-and-fitness", Level: "beginner", PriceCents: 0, Instructor: 5,
		About:    "Strength is the foundation of health at every age. Learn five basic lifts with good technique and follow a simple twelve-week programme that fits into three short sessions a week.",
		Learn:    []string{"Perform five basic lifts with good form", "Follow a twelve-week programme", "Warm up and recover well", "Track progress sensibly"},
		Requires: []string{"Access to a gym or a barbell", "Clearance from your doctor if you have health conditions"},
		Sections: secs("Basics | a How this course works | v Why strength matters | a Warming up",
			"The lifts | v Squat and deadlift | a Press and row",
			"The programme | v Twelve weeks, three sessions | a Recovery and sleep")},
	{Title: "Nutrition Without the Noise", Subtitle: "Eat well with simple, evidence-based habits", Category: "health-and-fitness", Level: "all", PriceCents: 1999, Instructor: 5,
		About:    "Ignore the fads. Learn what the evidence says about protein, vegetables, energy balance and habits, and build a way of eating you can keep for years.",
		Learn:    []string{"Understand energy balance and macronutrients", "Plan simple balanced meals", "Read food labels quickly", "Build habits that last"},
		Requires: []string{"No prior knowledge needed"},
		Sections: secs("Basics | a How this course works | v Energy balance | a Protein, carbohydrates and fats",
			"Meals | v Building a plate | a Shopping list template",
			"Habits | v Small changes that stick | a When to see a professional")},
	{Title: "Productivity for Knowledge Workers", Subtitle: "Plan, focus and finish the work that matters", Category: "personal-development", Level: "all", PriceCents: 1499, Instructor: 5,
		About:    "More hours are not the answer. Learn to plan your week, protect time for deep work, handle email and meetings, and end each day knowing what you finished.",
		Learn:    []string{"Plan a realistic week", "Protect time for focused work", "Tame email and meetings", "Review and improve your system"},
		Requires: []string{"A calendar and a notes app"},
		Sections: secs("Planning | a How this course works | v The weekly plan | a Choosing priorities",
			"Focus | v Deep work blocks | a Handling interruptions",
			"Review | v The Friday review | a Templates")},
	{Title: "Spanish for Travellers", Subtitle: "Speak with confidence on your next trip", Category: "language-learning", Level: "beginner", PriceCents: 1999, Instructor: 3,
		About:    "Order food, ask for directions and make friends in Spanish. Short, practical lessons focus on the phrases and listening skills travellers actually need.",
		Learn:    []string{"Greet people and introduce yourself", "Order in restaurants and shops", "Ask for and understand directions", "Handle common travel problems"},
		Requires: []string{"No Spanish needed"},
		Sections: secs("Hola | a How this course works | v Greetings and introductions | a Pronunciation guide",
			"Out and about | v At the restaurant | a Numbers and prices",
			"Getting around | v Asking for directions | a Phrase sheet")},
}

// demoReviews are written reviews by rating; the demo spreads them over
// the courses.
var demoReviews = map[int][]string{
	5: {
		"Clear, practical and well paced. I used what I learned at work the very next day.",
		"The best course I have taken on this subject. Every lecture gets to the point.",
		"Loved the exercises. Short videos, clear explanations and no filler.",
		"Exactly what I needed. The instructor explains the why, not just the how.",
		"Excellent structure. I finally understand things I had been copying for years.",
		"Friendly, precise and practical. Worth every minute.",
	},
	4: {
		"Very good overall. A few sections could go deeper, but the basics are explained really well.",
		"Good course with useful examples. I would have liked more exercises in the last section.",
		"Solid and practical. Some lectures are a little fast, so I watched them twice.",
		"Helpful and well organised. The articles are a great reference afterwards.",
	},
	3: {
		"Decent introduction, but I expected more advanced material at the end.",
		"Useful content, though the pace was uneven for me.",
	},
	2: {
		"Too basic for me; the description could say more clearly who it is for.",
	},
}
