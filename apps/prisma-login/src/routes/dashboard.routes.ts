import { Hono } from 'hono';
import { prisma } from '../db.js';
import { verifyToken, type TokenClaims } from '../lib/token.js';
import { toPublicUser } from '../services/auth.service.js';

/**
 * `GET /api/dashboard` with `Authorization: Bearer <token>` → the signed-in
 * user's dashboard data: the full user (like every page that loads the user)
 * and counts from the Avatar Creator / Pose Generator tables.
 */
export const dashboardRoutes = new Hono<{ Variables: { claims: TokenClaims } }>();

dashboardRoutes.use('*', async (c, next) => {
  const header = c.req.header('authorization') ?? '';
  const token = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
  try {
    c.set('claims', await verifyToken(token));
  } catch {
    return c.json({ error: 'Unauthorized' }, 401);
  }
  await next();
});

dashboardRoutes.get('/', async (c) => {
  const db = prisma();
  const user = await db.user.findUnique({ where: { id: c.get('claims').sub } });
  if (!user) return c.json({ error: 'Unauthorized' }, 401);
  const [avatarProjects, poseProjects] = await Promise.all([
    db.avatarProject.count({ where: { userId: user.id } }),
    db.poseGeneratorProject.count({ where: { userId: user.id } }),
  ]);
  return c.json({
    user: toPublicUser(user),
    stats: { avatarProjects, poseProjects },
    unlimitedPose: {
      active: user.unlimitedPoseActive,
      dailyQuota: user.unlimitedPoseDailyQuota,
      used: user.unlimitedPoseQuotaUsed,
      remaining: Math.max(0, user.unlimitedPoseDailyQuota - user.unlimitedPoseQuotaUsed),
    },
  });
});
