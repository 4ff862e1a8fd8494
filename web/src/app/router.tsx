import { lazy } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';

import { Layout } from '@/components/Layout';

// Every page is its own chunk; the shell (this file, Layout, Header, the API
// client) is all the first visit downloads besides the page it lands on.
const Home = lazy(() => import('./routes/home'));
const NotFound = lazy(() => import('./routes/not-found'));
const Teach = lazy(() => import('./routes/teach'));
const Login = lazy(() => import('@/features/auth/routes/login'));
const Signup = lazy(() => import('@/features/auth/routes/signup'));
const ForgotPassword = lazy(() => import('@/features/auth/routes/forgot-password'));
const ResetPassword = lazy(() => import('@/features/auth/routes/reset-password'));
const VerifyEmail = lazy(() => import('@/features/auth/routes/verify-email'));
const ProviderCallback = lazy(() => import('@/features/auth/routes/provider-callback'));
const Account = lazy(() => import('@/features/account/routes/account'));
const AdminOverview = lazy(() => import('@/features/admin/routes/overview'));
const AdminUsers = lazy(() => import('@/features/admin/routes/users'));
const AdminLayout = lazy(() => import('@/features/admin/routes/layout'));
const AdminCourses = lazy(() => import('@/features/admin/routes/courses'));
const AdminReviews = lazy(() => import('@/features/admin/routes/reviews'));
const AdminQuestions = lazy(() => import('@/features/admin/routes/questions'));
const AdminOrders = lazy(() => import('@/features/admin/routes/orders'));
const AdminOrder = lazy(() => import('@/features/admin/routes/order'));
const AdminUser = lazy(() => import('@/features/admin/routes/user'));
const AdminPayouts = lazy(() => import('@/features/admin/routes/payouts'));
const AdminAuditLog = lazy(() => import('@/features/admin/routes/audit-log'));
const AdminStatus = lazy(() => import('@/features/admin/routes/status'));
const InstructorReviews = lazy(() => import('@/features/reviews/routes/instructor-reviews'));
const Search = lazy(() => import('@/features/catalog/routes/search'));
const Course = lazy(() => import('@/features/catalog/routes/course'));
const Instructor = lazy(() => import('@/features/catalog/routes/instructor'));
const MyCourses = lazy(() => import('@/features/learning/routes/my-courses'));
const CertificatePage = lazy(() => import('@/features/learning/routes/certificate'));
const Player = lazy(() => import('@/features/player/routes/player'));
const InstructorDashboard = lazy(() => import('@/features/instructor/routes/dashboard'));
const CourseEditor = lazy(() => import('@/features/instructor/routes/course-editor'));
const QuestionInbox = lazy(() => import('@/features/instructor/routes/questions'));
const CourseAnalytics = lazy(() => import('@/features/instructor/routes/course-analytics'));
const Cart = lazy(() => import('@/features/commerce/routes/cart'));
const Wishlist = lazy(() => import('@/features/commerce/routes/wishlist'));
const TestCheckout = lazy(() => import('@/features/commerce/routes/test-checkout'));
const PayPalReturn = lazy(() => import('@/features/commerce/routes/paypal-return'));
const Orders = lazy(() => import('@/features/commerce/routes/orders'));
const Order = lazy(() => import('@/features/commerce/routes/order'));
const Receipt = lazy(() => import('@/features/commerce/routes/receipt'));
const Revenue = lazy(() => import('@/features/commerce/routes/revenue'));
const Plans = lazy(() => import('@/features/subscriptions/routes/plans'));
const TestSubscription = lazy(() => import('@/features/subscriptions/routes/test-subscription'));

export function AppRouter() {
  return (
    <BrowserRouter>
      <Routes>
        <Route element={<Layout />}>
          <Route index element={<Home />} />
          <Route path="teach" element={<Teach />} />
          <Route path="login" element={<Login />} />
          <Route path="signup" element={<Signup />} />
          <Route path="forgot-password" element={<ForgotPassword />} />
          <Route path="reset-password" element={<ResetPassword />} />
          <Route path="verify-email" element={<VerifyEmail />} />
          <Route path="auth/callback" element={<ProviderCallback />} />
          <Route path="account" element={<Account />} />
          <Route path="admin" element={<AdminLayout />}>
            <Route index element={<AdminOverview />} />
            <Route path="users" element={<AdminUsers />} />
            <Route path="users/:id" element={<AdminUser />} />
            <Route path="courses" element={<AdminCourses />} />
            <Route path="reviews" element={<AdminReviews />} />
            <Route path="questions" element={<AdminQuestions />} />
            <Route path="orders" element={<AdminOrders />} />
            <Route path="orders/:id" element={<AdminOrder />} />
            <Route path="payouts" element={<AdminPayouts />} />
            <Route path="audit-log" element={<AdminAuditLog />} />
            <Route path="status" element={<AdminStatus />} />
          </Route>
          <Route path="courses" element={<Search />} />
          <Route path="courses/:slug" element={<Course />} />
          <Route path="instructors/:id" element={<Instructor />} />
          <Route path="my-courses" element={<MyCourses />} />
          <Route path="certificates/:id" element={<CertificatePage />} />
          <Route path="learn/:slug" element={<Player />} />
          <Route path="learn/:slug/:lectureId" element={<Player />} />
          <Route path="instructor" element={<InstructorDashboard />} />
          <Route path="instructor/courses/:id/edit" element={<CourseEditor />} />
          <Route path="instructor/courses/:id/analytics" element={<CourseAnalytics />} />
          <Route path="instructor/reviews" element={<InstructorReviews />} />
          <Route path="instructor/questions" element={<QuestionInbox />} />
          <Route path="cart" element={<Cart />} />
          <Route path="wishlist" element={<Wishlist />} />
          <Route path="checkout/test/:orderId" element={<TestCheckout />} />
          <Route path="checkout/paypal/return" element={<PayPalReturn />} />
          <Route path="orders" element={<Orders />} />
          <Route path="orders/:id" element={<Order />} />
          <Route path="orders/:id/receipt" element={<Receipt />} />
          <Route path="instructor/revenue" element={<Revenue />} />
          <Route path="plans" element={<Plans />} />
          <Route path="subscription" element={<Plans />} />
          <Route path="subscribe/test/:id" element={<TestSubscription />} />
          <Route path="*" element={<NotFound />} />
        </Route>
      </Routes>
    </BrowserRouter>
  );
}
