import { z } from 'zod';
import {
  ZChangePasswordRequest,
  ZLoginRequest,
  ZPasswordConfirmRequest,
  ZSessionResponse,
  ZTotpEnableRequest,
  ZTotpSetupResponse,
} from '../../../contracts/auth';
import type { Services } from '../../app';
import type { Config } from '../../platform/config';
import { actorOf, errorResponses, noContent, SESSION_COOKIE, type App } from '../../platform/http';

const tags = ['auth'];

export function authRoutes(app: App, services: Services, config: Config): void {
  const cookieOptions = {
    path: '/',
    httpOnly: true,
    sameSite: 'strict' as const,
    secure: config.cookieSecure,
  };

  app.post(
    '/api/auth/login',
    {
      schema: { tags, summary: 'Đăng nhập / sign in', body: ZLoginRequest, response: { 200: ZSessionResponse, ...errorResponses } },
      config: { public: true, csrf: false, rateLimit: { max: config.loginRatePerMinute, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      const ctx = { requestId: String(request.id), ip: request.ip, userAgent: request.headers['user-agent'] ?? null };
      const { token, csrfToken } = await services.auth.login(ctx, request.body);
      const found = await services.auth.authenticate(token, ctx);
      if (!found) throw new Error('session vanished right after login');
      void reply.setCookie(SESSION_COOKIE, token, { ...cookieOptions, maxAge: config.sessionMaxHours * 3600 });
      return { user: await services.auth.me(found.actor), csrfToken };
    },
  );

  app.get(
    '/api/auth/me',
    { schema: { tags, summary: 'Phiên hiện tại / current session', response: { 200: ZSessionResponse, ...errorResponses } } },
    async (request) => ({ user: await services.auth.me(actorOf(request)), csrfToken: request.csrfToken ?? '' }),
  );

  app.post(
    '/api/auth/logout',
    { schema: { tags, summary: 'Đăng xuất / sign out', response: { 204: z.null(), ...errorResponses } } },
    async (request, reply) => {
      await services.auth.logout(actorOf(request));
      void reply.clearCookie(SESSION_COOKIE, cookieOptions);
      return noContent(reply);
    },
  );

  app.post(
    '/api/auth/logout-all',
    { schema: { tags, summary: 'Đăng xuất mọi thiết bị / sign out everywhere', response: { 204: z.null(), ...errorResponses } } },
    async (request, reply) => {
      await services.auth.logoutEverywhere(actorOf(request));
      void reply.clearCookie(SESSION_COOKIE, cookieOptions);
      return noContent(reply);
    },
  );

  app.post(
    '/api/auth/password',
    { schema: { tags, summary: 'Đổi mật khẩu / change password', body: ZChangePasswordRequest, response: { 204: z.null(), ...errorResponses } } },
    async (request, reply) => {
      await services.auth.changePassword(actorOf(request), request.body);
      return noContent(reply);
    },
  );

  app.post(
    '/api/auth/totp/setup',
    {
      schema: {
        tags,
        summary: 'Khởi tạo hoặc thay xác thực hai lớp / start or replace TOTP setup (current password required)',
        body: ZPasswordConfirmRequest,
        response: { 200: ZTotpSetupResponse, ...errorResponses },
      },
    },
    async (request) => services.auth.totpSetup(actorOf(request), request.body.password),
  );

  app.post(
    '/api/auth/totp/enable',
    {
      schema: {
        tags,
        summary: 'Bật xác thực hai lớp / enable TOTP (current password and a code)',
        body: ZTotpEnableRequest,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await services.auth.totpEnable(actorOf(request), request.body);
      return noContent(reply);
    },
  );

  app.post(
    '/api/auth/totp/disable',
    { schema: { tags, summary: 'Tắt xác thực hai lớp / disable TOTP', body: ZPasswordConfirmRequest, response: { 204: z.null(), ...errorResponses } } },
    async (request, reply) => {
      await services.auth.totpDisable(actorOf(request), request.body.password);
      return noContent(reply);
    },
  );
}
