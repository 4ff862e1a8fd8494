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
          <Route path="*" element={<NotFound />} />
        </Route>
      </Routes>
    </BrowserRouter>
  );
}
