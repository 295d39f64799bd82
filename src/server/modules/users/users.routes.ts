import { z } from 'zod';
import {
  ZCreateUserRequest,
  ZResetPasswordRequest,
  ZUpdateUserRequest,
  ZUser,
  ZUserList,
  ZUserListQuery,
} from '../../../contracts/users';
import type { Services } from '../../app';
import { actorOf, errorResponses, noContent, type App } from '../../platform/http';

const tags = ['users'];
const ZIdParams = z.object({ id: z.uuid() });

export function userRoutes(app: App, services: Services): void {
  app.get(
    '/api/users',
    {
      schema: {
        tags,
        summary: 'Danh sách người dùng / list users',
        querystring: ZUserListQuery,
        response: { 200: ZUserList, ...errorResponses },
      },
    },
    async (request) => services.users.list(actorOf(request), request.query),
  );
  app.get(
    '/api/users/:id',
    {
      schema: {
        tags,
        summary: 'Người dùng / one user',
        params: ZIdParams,
        response: { 200: ZUser, ...errorResponses },
      },
    },
    async (request) => services.users.get(actorOf(request), request.params.id),
  );
  app.post(
    '/api/users',
    {
      schema: {
        tags,
        summary: 'Tạo người dùng / create user',
        body: ZCreateUserRequest,
        response: { 200: ZUser, ...errorResponses },
      },
    },
    async (request) => services.users.create(actorOf(request), request.body),
  );
  app.patch(
    '/api/users/:id',
    {
      schema: {
        tags,
        summary: 'Sửa người dùng / update user',
        params: ZIdParams,
        body: ZUpdateUserRequest,
        response: { 200: ZUser, ...errorResponses },
      },
    },
    async (request) => services.users.update(actorOf(request), request.params.id, request.body),
  );
  app.post(
    '/api/users/:id/reset-password',
    {
      schema: {
        tags,
        summary: 'Đặt lại mật khẩu / reset password',
        params: ZIdParams,
        body: ZResetPasswordRequest,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await services.users.resetPassword(actorOf(request), request.params.id, request.body.newPassword);
      return noContent(reply);
    },
  );
  app.post(
    '/api/users/:id/reset-totp',
    {
      schema: {
        tags,
        summary: 'Đặt lại xác thực hai lớp / reset two-factor sign-in',
        params: ZIdParams,
        response: { 200: ZUser, ...errorResponses },
      },
    },
    async (request) => services.users.resetTotp(actorOf(request), request.params.id),
  );
  app.post(
    '/api/users/:id/unlock',
    {
      schema: {
        tags,
        summary: 'Mở khóa tài khoản / unlock account',
        params: ZIdParams,
        response: { 200: ZUser, ...errorResponses },
      },
    },
    async (request) => services.users.unlock(actorOf(request), request.params.id),
  );
}
