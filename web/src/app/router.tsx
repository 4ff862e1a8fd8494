import { lazy } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';

import { Layout } from '@/components/Layout';

// Every page is its own chunk; the shell (this file, Layout, Header, the API
// client) is all the first visit downloads besides the page it lands on.
const Home = lazy(() => import('./routes/home'));
const NotFound = lazy(() => import('./routes/not-found'));
const Login = lazy(() => import('@/features/auth/routes/login'));
const Signup = lazy(() => import('@/features/auth/routes/signup'));
const ForgotPassword = lazy(() => import('@/features/auth/routes/forgot-password'));
const ResetPassword = lazy(() => import('@/features/auth/routes/reset-password'));
const VerifyEmail = lazy(() => import('@/features/auth/routes/verify-email'));
const Account = lazy(() => import('@/features/account/routes/account'));
const AdminUsers = lazy(() => import('@/features/admin/routes/users'));
const Search = lazy(() => import('@/features/catalog/routes/search'));
const Course = lazy(() => import('@/features/catalog/routes/course'));
const MyCourses = lazy(() => import('@/features/learning/routes/my-courses'));
const Player = lazy(() => import('@/features/learning/routes/player'));
const InstructorDashboard = lazy(() => import('@/features/instructor/routes/dashboard'));
const CourseEditor = lazy(() => import('@/features/instructor/routes/course-editor'));

export function AppRouter() {
  return (
    <BrowserRouter>
      <Routes>
        <Route element={<Layout />}>
          <Route index element={<Home />} />
          <Route path="login" element={<Login />} />
          <Route path="signup" element={<Signup />} />
          <Route path="forgot-password" element={<ForgotPassword />} />
          <Route path="reset-password" element={<ResetPassword />} />
          <Route path="verify-email" element={<VerifyEmail />} />
          <Route path="account" element={<Account />} />
          <Route path="admin/users" element={<AdminUsers />} />
          <Route path="courses" element={<Search />} />
          <Route path="courses/:slug" element={<Course />} />
          <Route path="my-courses" element={<MyCourses />} />
          <Route path="learn/:slug" element={<Player />} />
          <Route path="instructor" element={<InstructorDashboard />} />
          <Route path="instructor/courses/:id/edit" element={<CourseEditor />} />
          <Route path="*" element={<NotFound />} />
        </Route>
      </Routes>
    </BrowserRouter>
  );
}
