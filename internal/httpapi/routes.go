package httpapi

import (
	"context"
	"net/http"
	"strings"

	"github.com/lectern/lectern/internal/access"
	"github.com/lectern/lectern/internal/apperr"
	"github.com/lectern/lectern/internal/auth"
	"github.com/lectern/lectern/internal/catalog"
	"github.com/lectern/lectern/internal/media"
)

const apiPrefix = "/api/v1"

// audience says who may call a route; checked before the handler runs.
type audience int

const (
	public     audience = iota // anyone; the user is loaded when a valid token is sent
	user                       // any logged-in, enabled user
	instructor                 // users with the instructor role (admins too)
	admin                      // admins only
)

// handlerFunc is a handler that returns its error; wrap writes it as a
// problem document.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// route is one line of the route table. In, Out and Status also feed the
// OpenAPI document, so it describes exactly what exists.
type route struct {
	Method  string
	Path    string // under /api/v1, with {param} wildcards
	Access  audience
	Limit   string // rate limit name counted per client IP, if any
	Summary string
	Tag     string
	In      any // request body type (nil: none)
	Out     any // response body type (nil: none)
	Status  int // success status
	Handle  handlerFunc
}

// apiRoutes is the one route table of /api/v1.
func (s *Server) apiRoutes() []route {
	return []route{
		{"POST", "/auth/register", public, "register", "Start a sign-up: emails a link that creates the account (the same answer whether or not the email has one)", "auth", registerRequest{}, registerResponse{}, 202, s.register},
		{"POST", "/auth/login", public, "login", "Sign in with email and password (with two-factor on: {two_factor_required, challenge} and no tokens)", "auth", loginRequest{}, sessionResponse{}, 200, s.login},
		{"POST", "/auth/refresh", public, "", "Exchange a refresh token (body or cookie) for a new pair", "auth", refreshRequest{}, sessionResponse{}, 200, s.refresh},
		{"POST", "/auth/logout", public, "", "Revoke the refresh token's session and clear the cookie", "auth", refreshRequest{}, nil, 204, s.logout},
		{"POST", "/auth/password/forgot", public, "password_forgot", "Email a password reset link if the account exists", "auth", forgotRequest{}, nil, 202, s.forgotPassword},
		{"POST", "/auth/password/reset", public, "password_reset", "Set a new password with a reset token", "auth", resetRequest{}, nil, 204, s.resetPassword},
		{"POST", "/auth/email/verify", public, "", "Confirm an email address with a verification token (204); a sign-up's token creates the account and answers 200 with its session", "auth", verifyRequest{}, sessionResponse{}, 204, s.verifyEmail},
		{"GET", "/me", user, "", "The current user", "account", nil, userJSON{}, 200, s.getMe},
		{"PATCH", "/me", user, "", "Update your profile or password", "account", patchMeRequest{}, userJSON{}, 200, s.patchMe},
		{"POST", "/me/instructor", user, "", "Become an instructor", "account", nil, userJSON{}, 200, s.becomeInstructor},
		{"POST", "/me/email/verification", user, "", "Send a new email verification link", "account", nil, nil, 202, s.resendVerification},

		// Accounts: sessions, two-factor, sign-in providers (issue 12).
		{"GET", "/me/sessions", user, "", "Your signed-in devices", "account", nil, sessionList{}, 200, s.mySessions},
		{"DELETE", "/me/sessions/{id}", user, "", "End one of your sessions (its tokens stop working at once)", "account", nil, nil, 204, s.endSession},
		{"DELETE", "/me/sessions", user, "", "End every session but this one", "account", nil, endedJSON{}, 200, s.endOtherSessions},
		{"POST", "/me/2fa/totp", user, "", "Start setting up an authenticator app (secret and otpauth URI)", "account", nil, totpEnrolJSON{}, 200, s.enrolTOTP},
		{"POST", "/me/2fa/totp/confirm", user, "", "Turn two-factor on with a code from the app; returns single-use recovery codes", "account", totpConfirmRequest{}, recoveryCodesJSON{}, 200, s.confirmTOTP},
		{"DELETE", "/me/2fa", user, "", "Turn two-factor off (needs the password)", "account", disable2FARequest{}, nil, 204, s.disable2FA},
		{"POST", "/auth/2fa", public, "", "Second sign-in step: the challenge with an authenticator or recovery code", "auth", secondFactorRequest{}, sessionResponse{}, 200, s.secondFactor},
		{"GET", "/auth/providers", public, "", "The configured sign-in providers", "auth", nil, providerList{}, 200, s.listProviders},
		{"GET", "/auth/oidc/{provider}/start", public, "login", "Go to a provider's sign-in page (a redirect)", "auth", nil, nil, 302, s.startProvider},
		{"GET", "/auth/oidc/{provider}/callback", public, "", "Where the provider sends the browser back; redirects to the UI with a one-time code", "auth", nil, nil, 302, s.providerCallback},
		{"POST", "/auth/oidc/exchange", public, "login", "Trade a provider sign-in's one-time code for a session", "auth", exchangeRequest{}, sessionResponse{}, 200, s.exchangeCode},
		{"POST", "/auth/oidc/link", public, "login", "Link a provider to the account with its email by entering that account's password once", "auth", linkRequest{}, sessionResponse{}, 200, s.linkProvider},
		{"GET", "/me/identities", user, "", "Sign-in providers linked to your account", "account", nil, identityList{}, 200, s.myIdentities},
		{"POST", "/me/identities/{provider}", user, "", "Start linking a provider to your account; returns the URL to open", "account", nil, redirectJSON{}, 200, s.startLink},
		{"DELETE", "/me/identities/{provider}", user, "", "Unlink a provider (409 when it is your last way to sign in)", "account", nil, nil, 204, s.unlinkProvider},

		{"GET", "/admin/users", admin, "", "List and search users", "admin", nil, userList{}, 200, s.adminListUsers},
		{"PATCH", "/admin/users/{id}", admin, "", "Change a user's roles or disable them", "admin", adminUserPatch{}, userJSON{}, 200, s.adminPatchUser},

		{"GET", "/categories", public, "", "List course categories", "catalog", nil, categoryList{}, 200, s.listCategories},
		{"POST", "/admin/categories", admin, "", "Create a category", "admin", categoryRequest{}, categoryJSON{}, 201, s.adminCreateCategory},
		{"PATCH", "/admin/categories/{id}", admin, "", "Rename or move a category", "admin", categoryRequest{}, categoryJSON{}, 200, s.adminPatchCategory},
		{"DELETE", "/admin/categories/{id}", admin, "", "Delete a category (its courses become uncategorised)", "admin", nil, nil, 204, s.adminDeleteCategory},
		{"GET", "/courses", public, "", "Search published courses: results, total, facet counts, highlights, did_you_mean", "catalog", nil, searchList{}, 200, s.listCourses},
		{"GET", "/search/suggest", public, "", "Search-as-you-type suggestions (courses, categories, instructors)", "catalog", nil, suggestionList{}, 200, s.suggest},
		{"GET", "/courses/{id}", public, "", "A course by id or slug, with its curriculum", "catalog", nil, courseDetailJSON{}, 200, s.getCourse},
		{"GET", "/instructors/{id}", public, "", "An instructor's public profile: bio, published courses, overall rating", "catalog", nil, instructorJSON{}, 200, s.getInstructor},
		{"POST", "/courses", instructor, "", "Create a draft course", "authoring", courseRequest{}, courseDetailJSON{}, 201, s.createCourse},
		{"PATCH", "/courses/{id}", user, "", "Edit a course's details", "authoring", courseRequest{}, courseDetailJSON{}, 200, s.patchCourse},
		{"DELETE", "/courses/{id}", user, "", "Delete a course", "authoring", nil, nil, 204, s.deleteCourse},
		{"PUT", "/courses/{id}/thumbnail", user, "", "Upload a course image (raw JPEG, PNG or WebP body, at most 5 MB)", "authoring", nil, courseDetailJSON{}, 200, s.putThumbnail},
		{"POST", "/courses/{id}/publish", user, "", "Publish a course (422 lists what is missing)", "authoring", nil, courseDetailJSON{}, 200, s.publishCourse},
		{"GET", "/courses/{id}/publish-checklist", user, "", "What a course still lacks before it may be published (the rules Publish applies)", "authoring", nil, checklistJSON{}, 200, s.publishChecklist},
		{"POST", "/courses/{id}/unpublish", user, "", "Take a course out of the catalog", "authoring", nil, courseDetailJSON{}, 200, s.unpublishCourse},
		{"GET", "/instructor/courses", instructor, "", "Your courses in every status", "authoring", nil, courseList{}, 200, s.instructorCourses},
		{"GET", "/instructor/dashboard", instructor, "", "Your figures at a glance: students, earnings per currency (last 30 days and all time), balances, rating, newest reviews, open questions, a line per course", "authoring", nil, instructorDashboardJSON{}, 200, s.instructorDashboard},
		{"POST", "/courses/{id}/sections", user, "", "Add a section", "authoring", sectionRequest{}, sectionJSON{}, 201, s.addSection},
		{"PATCH", "/sections/{id}", user, "", "Rename a section", "authoring", sectionRequest{}, sectionJSON{}, 200, s.patchSection},
		{"DELETE", "/sections/{id}", user, "", "Delete a section and its lectures", "authoring", nil, nil, 204, s.deleteSection},
		{"POST", "/sections/{id}/lectures", user, "", "Add a lecture to a section", "authoring", lectureRequest{}, lectureJSON{}, 201, s.addLecture},
		{"PATCH", "/lectures/{id}", user, "", "Edit a lecture", "authoring", lectureRequest{}, lectureJSON{}, 200, s.patchLecture},
		{"DELETE", "/lectures/{id}", user, "", "Delete a lecture", "authoring", nil, nil, 204, s.deleteLecture},
		{"PUT", "/courses/{id}/curriculum", user, "", "Reorder sections and lectures (the complete new order)", "authoring", curriculumRequest{}, curriculumResponse{}, 200, s.putCurriculum},

		{"POST", "/uploads", instructor, "", "Start a resumable upload (tus 1.0; Upload-Metadata: lecture_id, filename, filetype)", "media", nil, nil, 201, s.uploadCreate},
		{"HEAD", "/uploads/{id}", user, "", "The offset to resume an upload from (tus)", "media", nil, nil, 200, s.uploadResume},
		{"PATCH", "/uploads/{id}", user, "", "Send more bytes of an upload (tus, application/offset+octet-stream)", "media", nil, nil, 204, s.uploadResume},
		{"DELETE", "/uploads/{id}", user, "", "Abandon an upload (tus termination)", "media", nil, nil, 204, s.uploadResume},
		{"GET", "/lectures/{id}/video", user, "", "Processing status of a lecture's newest video (its instructor)", "media", nil, videoJSON{}, 200, s.lectureVideo},
		{"GET", "/lectures/{id}/content", public, "", "A lecture's content for entitled viewers (article HTML)", "learning", nil, lectureContentJSON{}, 200, s.lectureContent},
		{"GET", "/lectures/{id}/captions", user, "", "The caption tracks of a lecture's video (its instructor)", "media", nil, captionListJSON{}, 200, s.listCaptions},
		{"PUT", "/lectures/{id}/captions/{lang}", user, "", "Upload or replace a caption track: the raw WebVTT or SubRip (.srt, converted to WebVTT) file as the body, at most 1 MB (413 beyond); ?label=", "media", nil, captionJSON{}, 200, s.putCaption},
		{"DELETE", "/lectures/{id}/captions/{lang}", user, "", "Delete a caption track", "media", nil, nil, 204, s.deleteCaption},
		{"GET", "/lectures/{id}/playback", public, "", "Signed playback URLs for a lecture (401/403 when not entitled)", "media", nil, playbackJSON{}, 200, s.playback},
		{"POST", "/media/keys/{id}", public, "", "The key of an encrypted video as an EME ClearKey license (JWK set); asks the access policy every time, never cached", "media", licenseRequest{}, licenseJSON{}, 200, s.videoKey},
		{"GET", "/instructor/events", instructor, "", "Server-Sent Events: your videos' processing progress", "media", nil, nil, 200, s.instructorEvents},

		{"POST", "/courses/{id}/enroll", user, "", "Enroll in a free course", "learning", nil, courseDetailJSON{}, 201, s.enroll},
		{"GET", "/me/enrollments", user, "", "Your courses", "learning", nil, enrollmentList{}, 200, s.myEnrollments},

		{"PUT", "/lectures/{id}/progress", user, "", "Report position and seconds watched in a lecture", "learning", progressRequest{}, lectureProgressJSON{}, 200, s.putProgress},
		{"GET", "/courses/{id}/progress", user, "", "Your progress through a course", "learning", nil, courseProgressJSON{}, 200, s.getProgress},
		{"PUT", "/lectures/{id}/completion", user, "", "Mark a video or article lecture complete or not by hand (the last one issues the certificate)", "learning", completionRequest{}, completionJSON{}, 200, s.putCompletion},
		{"GET", "/lectures/{id}/quiz", user, "", "A quiz's questions and choices (never which are correct) with your attempts", "learning", nil, learnerQuizJSON{}, 200, s.getQuiz},
		{"POST", "/lectures/{id}/quiz/attempts", user, "", "Submit answers; returns the score, the key and the explanations (passing completes the lecture)", "learning", quizAttemptRequest{}, quizResultJSON{}, 201, s.submitQuiz},
		{"GET", "/lectures/{id}/quiz/edit", user, "", "The whole quiz with answers and explanations (the course's instructor)", "authoring", nil, quizJSON{}, 200, s.getQuizForEditor},
		{"PUT", "/lectures/{id}/quiz", user, "", "Replace a quiz's questions and pass mark (the course's instructor)", "authoring", quizJSON{}, quizJSON{}, 200, s.putQuiz},
		{"GET", "/me/certificates", user, "", "Your certificates of completion", "learning", nil, certificateList{}, 200, s.myCertificates},
		{"GET", "/certificates/{id}", public, "", "Verify a certificate (anyone with its id)", "learning", nil, certificateJSON{}, 200, s.getCertificate},
		{"GET", "/certificates/{id}/pdf", public, "", "A certificate as a PDF", "learning", nil, nil, 200, s.certificatePDF},
		{"GET", "/lectures/{id}/questions", user, "", "A lecture's questions with their answers, newest first (?q= searches; enrolled students, the instructor, admins)", "qa", nil, questionList{}, 200, s.lectureQuestions},
		{"POST", "/lectures/{id}/questions", user, "", "Ask a question on a lecture, optionally at a video time (at_s)", "qa", askRequest{}, questionJSON{}, 201, s.askQuestion},
		{"GET", "/courses/{id}/questions", user, "", "Search a course's questions (?q=)", "qa", nil, questionList{}, 200, s.courseQuestions},
		{"POST", "/questions/{id}/answers", user, "", "Answer a question (the instructor's answers are marked)", "qa", answerRequest{}, answerJSON{}, 201, s.answerQuestion},
		{"POST", "/answers/{id}/accept", user, "", "Accept an answer to your question (again: take it back)", "qa", nil, questionJSON{}, 200, s.acceptAnswer},
		{"POST", "/questions/{id}/vote", user, "", "Upvote a question or take the upvote back (one per user)", "qa", nil, voteJSON{}, 200, s.votePost},
		{"POST", "/answers/{id}/vote", user, "", "Upvote an answer or take the upvote back (one per user)", "qa", nil, voteJSON{}, 200, s.votePost},
		{"POST", "/questions/{id}/report", user, "", "Report a question (once per user)", "qa", reportRequest{}, nil, 201, s.reportPost},
		{"POST", "/answers/{id}/report", user, "", "Report an answer (once per user)", "qa", reportRequest{}, nil, 201, s.reportPost},
		{"GET", "/instructor/questions", instructor, "", "Your Q&A inbox: questions in your courses you have not answered", "qa", nil, questionList{}, 200, s.questionInbox},
		{"GET", "/admin/questions", admin, "", "Questions and answers for moderation (?status=flagged|hidden|visible)", "admin", nil, moderatedPostList{}, 200, s.adminPosts},
		{"PATCH", "/admin/questions/{id}", admin, "", "Hide, restore (visible) or delete a question or answer, with a reason", "admin", moderateRequest{}, moderatedPostJSON{}, 200, s.adminPatchPost},
		{"GET", "/me/notifications", user, "", "Your notifications, newest first, with the unread count", "notifications", nil, notificationList{}, 200, s.myNotifications},
		{"POST", "/me/notifications/read", user, "", "Mark notifications read (ids; none: all)", "notifications", markReadRequest{}, unreadJSON{}, 200, s.markNotificationsRead},
		{"GET", "/me/notification-settings", user, "", "Which notifications also come by email", "notifications", nil, notificationSettings{}, 200, s.getNotificationSettings},
		{"PUT", "/me/notification-settings", user, "", "Choose which notifications also come by email", "notifications", notificationSettingsRequest{}, notificationSettings{}, 200, s.putNotificationSettings},
		{"GET", "/lectures/{id}/notes", user, "", "Your notes on a lecture, by time", "notes", nil, noteList{}, 200, s.lectureNotes},
		{"POST", "/lectures/{id}/notes", user, "", "Write a note at a time in a lecture", "notes", noteRequest{}, noteJSON{}, 201, s.addNote},
		{"PATCH", "/notes/{id}", user, "", "Change one of your notes", "notes", noteRequest{}, noteJSON{}, 200, s.patchNote},
		{"DELETE", "/notes/{id}", user, "", "Delete one of your notes", "notes", nil, nil, 204, s.deleteNote},
		{"GET", "/courses/{id}/notes", user, "", "Your notes on a course in curriculum order", "notes", nil, noteList{}, 200, s.courseNotes},
		{"GET", "/courses/{id}/notes.md", user, "", "Your notes on a course as a Markdown file (text/markdown, attachment)", "notes", nil, nil, 200, s.courseNotesMarkdown},
		{"POST", "/courses/{id}/announcements", user, "", "Post an announcement to everyone enrolled (the course's instructor or an admin); emailed in the background", "learning", announcementRequest{}, announcementJSON{}, 201, s.postAnnouncement},
		{"GET", "/courses/{id}/announcements", user, "", "A course's announcements, newest first (students who may learn from it, its instructor; ?cursor=)", "learning", nil, announcementList{}, 200, s.courseAnnouncements},
		{"GET", "/courses/{id}/reviews", public, "", "A course's visible reviews with the rating summary (?sort=recent|rating&cursor=)", "reviews", nil, reviewList{}, 200, s.courseReviews},
		{"GET", "/courses/{id}/reviews/me", user, "", "Your review of a course", "reviews", nil, reviewJSON{}, 200, s.getMyReview},
		{"PUT", "/courses/{id}/reviews/me", user, "", "Create or update your review (enrolled students only)", "reviews", reviewRequest{}, reviewJSON{}, 200, s.putMyReview},
		{"DELETE", "/courses/{id}/reviews/me", user, "", "Delete your review", "reviews", nil, nil, 204, s.deleteMyReview},
		{"POST", "/reviews/{id}/report", user, "", "Report a review (once per user)", "reviews", reportRequest{}, nil, 201, s.reportReview},
		{"PUT", "/reviews/{id}/reply", user, "", "Reply to a review (the course's instructor)", "reviews", replyRequest{}, reviewJSON{}, 200, s.replyReview},
		{"GET", "/admin/reviews", admin, "", "Reviews for moderation (?status=flagged)", "admin", nil, reviewList{}, 200, s.adminReviews},
		{"PATCH", "/admin/reviews/{id}", admin, "", "Hide, restore (visible) or delete a review, with a reason", "admin", moderateRequest{}, reviewJSON{}, 200, s.adminPatchReview},
		{"DELETE", "/reviews/{id}", admin, "", "Delete a review (admins)", "admin", nil, nil, 204, s.adminDeleteReview},
		{"GET", "/admin/audit-log", admin, "", "Admin actions, newest first, with the names of who did each and what it is about (?action=&actor=&cursor=)", "admin", nil, auditList{}, 200, s.auditLog},
		{"GET", "/admin/users/{id}", admin, "", "One user with their orders, enrollments, courses taught and the audit entries by or about them", "admin", nil, adminUserDetailJSON{}, 200, s.adminUser},
		{"GET", "/admin/overview", admin, "", "The admin dashboard: sales today and over 30 days, new users, pending moderation, job queue, disk", "admin", nil, overviewJSON{}, 200, s.adminOverview},
		{"POST", "/admin/videos/orphans/clean", admin, "", "Delete the files and rows of videos that belong to no lecture and are older than a day", "admin", nil, cleanedJSON{}, 200, s.cleanOrphanVideos},
		{"GET", "/admin/status", admin, "", "Database, storage, job queue and ffmpeg status", "admin", nil, statusJSON{}, 200, s.adminStatus},
		{"GET", "/admin/courses", admin, "", "Every course (?status=&q=)", "admin", nil, courseList{}, 200, s.adminCourses},
		{"PATCH", "/admin/courses/{id}", admin, "", "Feature a course on the home page or not", "admin", adminCoursePatch{}, courseJSON{}, 200, s.adminPatchCourse},

		{"GET", "/cart/items", user, "", "Your cart and its total", "commerce", nil, cartJSON{}, 200, s.getCart},
		{"POST", "/cart/items", user, "", "Add a course to your cart", "commerce", cartItemRequest{}, cartJSON{}, 201, s.addCartItem},
		{"DELETE", "/cart/items", user, "", "Remove a course from your cart (body: course_id)", "commerce", cartItemRequest{}, cartJSON{}, 200, s.deleteCartItem},
		{"DELETE", "/cart/items/{course}", user, "", "Remove a course from your cart", "commerce", nil, cartJSON{}, 200, s.deleteCartItem},
		{"POST", "/cart/merge", user, "", "Bring the courses put in the cart before signing in into your cart (what you may not buy is left out); returns the cart", "commerce", cartMergeRequest{}, cartJSON{}, 200, s.mergeCart},
		{"GET", "/me/wishlist", user, "", "Your wishlist, newest first", "commerce", nil, wishlistJSON{}, 200, s.getWishlist},
		{"PUT", "/me/wishlist/{id}", user, "", "Put a course on your wishlist (idempotent); returns the wishlist", "commerce", nil, wishlistJSON{}, 200, s.putWishlistItem},
		{"DELETE", "/me/wishlist/{id}", user, "", "Take a course off your wishlist; returns the wishlist", "commerce", nil, wishlistJSON{}, 200, s.deleteWishlistItem},
		{"POST", "/me/wishlist/{id}/cart", user, "", "Move a wishlisted course to your cart; returns the cart", "commerce", nil, cartJSON{}, 200, s.moveWishlistItemToCart},
		{"POST", "/checkout", user, "checkout", "Create a pending order and start the provider's checkout", "commerce", checkoutRequest{}, checkoutResponse{}, 201, s.checkout},
		{"GET", "/orders", user, "", "Your orders", "commerce", nil, orderList{}, 200, s.listOrders},
		{"GET", "/orders/{id}", user, "", "An order (its buyer or an admin)", "commerce", nil, orderJSON{}, 200, s.getOrder},
		{"GET", "/orders/{id}/receipt", user, "", "A paid order's receipt with its refunds (its buyer or an admin)", "commerce", nil, receiptJSON{}, 200, s.getReceipt},
		{"POST", "/orders/{id}/test-payment", user, "", "Pay or cancel on the built-in test provider", "commerce", testPaymentRequest{}, orderJSON{}, 200, s.testPayment},
		{"POST", "/orders/{id}/paypal-capture", user, "", "Capture the PayPal payment the buyer approved and fulfil the order (the buyer; idempotent: a paid order is returned as it is)", "commerce", nil, orderJSON{}, 200, s.capturePayPal},
		{"POST", "/orders/{id}/refund", user, "", "Refund an order (buyer within the refund window, or admin)", "commerce", refundRequest{}, orderJSON{}, 200, s.refundOrder},
		{"GET", "/courses/{id}/coupons", user, "", "A course's coupons (its instructor)", "commerce", nil, couponList{}, 200, s.listCoupons},
		{"POST", "/courses/{id}/coupons", user, "", "Create a coupon for a course (its instructor)", "commerce", couponRequest{}, couponJSON{}, 201, s.createCoupon},
		{"POST", "/coupons/{id}/disable", user, "", "Switch a coupon off for good (its course's instructor, or an admin); checkout refuses it from then on", "commerce", nil, couponJSON{}, 200, s.disableCoupon},
		{"POST", "/admin/coupons", admin, "", "Create a site-wide coupon", "admin", couponRequest{}, couponJSON{}, 201, s.adminCreateCoupon},
		{"GET", "/instructor/revenue", instructor, "", "Sales and earnings per day and per course (?from=&to=, YYYY-MM-DD)", "commerce", nil, revenueJSON{}, 200, s.instructorRevenue},
		{"GET", "/instructor/courses/{id}/analytics", user, "", "A course's enrolments and sales per day, completion per lecture, quiz scores (its instructor or an admin)", "authoring", nil, analyticsJSON{}, 200, s.courseAnalytics},
		{"GET", "/instructor/lectures/{id}/dropoff", user, "", "A video lecture's drop-off curve: the share of viewers who watched each second (or bucket of seconds)", "authoring", nil, dropOffJSON{}, 200, s.lectureDropOff},
		{"GET", "/admin/enrollments", admin, "", "Every enrollment with its student and course, newest first (?course=&q=&cursor=)", "admin", nil, adminEnrollmentList{}, 200, s.adminEnrollments},
		{"GET", "/instructor/payouts", instructor, "", "Your balance per currency (available, pending inside refund windows, paid out) and your payouts", "commerce", nil, myPayoutsJSON{}, 200, s.myPayouts},
		{"GET", "/instructor/statement.csv", instructor, "", "Your statement as CSV: sales, refunds, subscription shares and payouts with the running balance", "commerce", nil, nil, 200, s.statementCSV},
		{"GET", "/admin/payouts", admin, "", "Every instructor's balances per currency", "admin", nil, instructorBalanceList{}, 200, s.adminPayoutBalances},
		{"POST", "/admin/payouts", admin, "", "Record a payout made to an instructor (at most the available balance)", "admin", payoutRequest{}, payoutJSON{}, 201, s.recordPayout},
		{"GET", "/admin/orders", admin, "", "All orders, newest first, with their buyers and latest refund reason (?status=&q= by buyer name or email, course title or order id)", "admin", nil, orderList{}, 200, s.adminOrders},
		{"GET", "/admin/orders/{id}", admin, "", "One order with its buyer, payment, refunds and what was refunded of each course", "admin", nil, adminOrderJSON{}, 200, s.adminOrder},
		{"POST", "/admin/orders/{id}/refunds", admin, "", "Refund part of an order: chosen courses (the buyer loses only those) or an amount up to what is left, with a reason", "admin", partialRefundRequest{}, adminOrderJSON{}, 200, s.adminRefundPart},
		{"GET", "/plans", public, "", "Subscription plans on sale", "subscriptions", nil, planList{}, 200, s.listPlans},
		{"PUT", "/admin/plans/{code}", admin, "", "Create a plan or change its prices", "subscriptions", planRequest{}, planJSON{}, 200, s.setPlan},
		{"POST", "/subscriptions/checkout", user, "checkout", "Start a subscription checkout ({plan, interval: month|year})", "subscriptions", subscribeRequest{}, urlResponse{}, 201, s.subscribe},
		{"GET", "/me/subscription", user, "", "Your subscription and its status", "subscriptions", nil, subscriptionJSON{}, 200, s.mySubscription},
		{"GET", "/me/subscription/courses", user, "", "The courses your subscription opens now (none without one)", "subscriptions", nil, subscriptionCoursesJSON{}, 200, s.mySubscriptionCourses},
		{"GET", "/me/subscription/payments", user, "", "Your subscription payments with what was refunded of each", "subscriptions", nil, subscriptionPaymentsJSON{}, 200, s.mySubscriptionPayments},
		{"GET", "/admin/users/{id}/subscription-payments", admin, "", "A user's subscription and its payments with their refunds", "subscriptions", nil, subscriptionPaymentsJSON{}, 200, s.adminSubscriptionPayments},
		{"POST", "/admin/subscription-payments/{id}/refunds", admin, "", "Refund a subscription payment, whole (amount_cents left out) or in part, with a reason; end_access ends the subscription now", "subscriptions", subscriptionRefundRequest{}, subscriptionPaymentJSON{}, 200, s.adminRefundSubscriptionPayment},
		{"POST", "/me/subscription/portal", user, "", "Where to change card or cancel (Stripe's customer portal, or the test page)", "subscriptions", nil, urlResponse{}, 200, s.subscriptionPortal},
		{"GET", "/subscriptions/{id}/test", user, "", "The built-in test provider's subscription page (the subscriber)", "subscriptions", nil, subscriptionJSON{}, 200, s.testSubscription},
		{"POST", "/subscriptions/{id}/test", user, "", "Pay, fail the next renewal, cancel or resume on the test provider", "subscriptions", testSubscriptionRequest{}, subscriptionJSON{}, 200, s.actTestSubscription},
		{"GET", "/courses/{id}/subscription", public, "", "Whether the course is in the subscription", "subscriptions", nil, inSubscriptionJSON{}, 200, s.courseInSubscription},
		{"PUT", "/courses/{id}/subscription", user, "", "Opt a course into the subscription or out (its instructor)", "subscriptions", inSubscriptionJSON{}, inSubscriptionJSON{}, 200, s.setCourseInSubscription},
		{"POST", "/admin/test-clock", admin, "", "Move the subscriptions' test clock forward and run renewals and month closing (LECTERN_TEST_CLOCK)", "subscriptions", testClockRequest{}, testClockJSON{}, 200, s.advanceTestClock},
		{"POST", "/webhooks/stripe", public, "", "Stripe events (signature verified; processed once)", "commerce", nil, nil, 200, s.stripeWebhook},
		{"POST", "/webhooks/paypal", public, "", "PayPal notifications (verified with PayPal's verify-webhook-signature API; processed once)", "commerce", nil, nil, 200, s.payPalWebhook},
	}
}

type ctxUserKey struct{}

// currentUser is the authenticated caller, or nil on a public route.
func currentUser(r *http.Request) *auth.User {
	u, _ := r.Context().Value(ctxUserKey{}).(*auth.User)
	return u
}

type ctxSessionKey struct{}

// currentSession is the session id (sid) of the caller's access token.
func currentSession(r *http.Request) string {
	sid, _ := r.Context().Value(ctxSessionKey{}).(string)
	return sid
}

var (
	errLoginRequired     = apperr.New(apperr.Unauthorized, "login_required", "Log in to do this.")
	errTwoFactorRequired = apperr.New(apperr.Forbidden, "two_factor_required", "Turn on two-factor sign-in in your account settings to use the admin pages.")
)

// wrap applies a route's body limit, rate limit and access rule, then runs
// its handler and turns a returned error into a problem document.
func (s *Server) wrap(rt route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := s.guard(w, r, rt); err != nil {
			s.writeError(w, r, err)
			return
		}
		tw := &trackingWriter{ResponseWriter: w}
		if err := rt.Handle(tw, r); err != nil {
			if tw.wrote {
				// The answer had begun (usually the client went away while
				// it was written): another status line cannot follow.
				s.logLateError(r, err)
				return
			}
			s.writeError(w, r, err)
		}
	})
}

// bodyLimits raises the body limit of routes that take files.
var bodyLimits = map[string]int64{
	"PUT /courses/{id}/thumbnail": catalog.MaxThumbnailBytes + 1,
	"PATCH /uploads/{id}":         -1, // tusd enforces the upload size limit itself
	"POST /webhooks/stripe":       256 << 10,
	"POST /webhooks/paypal":       256 << 10,
	// One byte over the limit, so the service sees an oversized file and answers 413 itself.
	"PUT /lectures/{id}/captions/{lang}": media.MaxCaptionBytes + 1,
}

func (s *Server) guard(w http.ResponseWriter, r *http.Request, rt route) error {
	limit := s.MaxBodyBytes
	if l, ok := bodyLimits[rt.Method+" "+rt.Path]; ok {
		limit = l
	}
	if limit > 0 {
		r.Body = http.MaxBytesReader(w, r.Body, limit)
	}
	if rt.Limit != "" {
		ok, retry, err := s.Limiter.Allow(r.Context(), rt.Limit, s.clientIP(r))
		if err != nil {
			return err
		}
		if !ok {
			return &apperr.Error{Kind: apperr.TooMany, Code: "rate_limited", Message: "Too many requests; try again later.", RetryAfter: retry}
		}
	}
	if rt.Tag == "auth" {
		// Sign-in endpoints ignore a stale Authorization header: they are
		// how a client gets a fresh one.
		return nil
	}
	token, hasToken := bearerToken(r)
	if !hasToken {
		if rt.Access != public {
			return errLoginRequired
		}
		return nil
	}
	u, sid, err := s.Auth.Authenticate(r.Context(), token)
	if err != nil {
		return err
	}
	ctx := context.WithValue(r.Context(), ctxUserKey{}, u)
	*r = *r.WithContext(context.WithValue(ctx, ctxSessionKey{}, sid))
	switch rt.Access {
	case instructor:
		return access.RequireInstructor(u)
	case admin:
		if err := access.RequireAdmin(u); err != nil {
			return err
		}
		if s.Auth.NeedsTwoFactor(u) {
			return errTwoFactorRequired
		}
	}
	return nil
}

func bearerToken(r *http.Request) (string, bool) {
	h := r.Header.Get("Authorization")
	if h == "" {
		return "", false
	}
	scheme, token, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", true // present but unusable: Authenticate rejects ""
	}
	return strings.TrimSpace(token), true
}

// UserFromContext is the authenticated caller of a request, for handlers
// mounted from other packages (the tus upload hooks).
func UserFromContext(ctx context.Context) *auth.User {
	u, _ := ctx.Value(ctxUserKey{}).(*auth.User)
	return u
}

// RouteInfo names one route of the table and who may call it.
type RouteInfo struct {
	Method, Path string
	Audience     string // public, user, instructor or admin
}

// Routes lists the route table, so tests can hold every route to an access
// expectation.
func (s *Server) Routes() []RouteInfo {
	names := map[audience]string{public: "public", user: "user", instructor: "instructor", admin: "admin"}
	out := make([]RouteInfo, 0, len(s.routes))
	for _, rt := range s.routes {
		out = append(out, RouteInfo{Method: rt.Method, Path: rt.Path, Audience: names[rt.Access]})
	}
	return out
}
