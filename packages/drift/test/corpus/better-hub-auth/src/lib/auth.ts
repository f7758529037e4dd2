// Better Hub's Better Auth configuration (apps/web/src/lib/auth.ts of better-auth/better-hub, MIT),
// trimmed to what decides the database schema and what sign-up / sign-in run: see ../../SOURCE.md
// for every edit. The Prisma adapter call, `experimental.joins`, the plugins that add fields or
// tables (admin, stripe), `user.additionalFields`, `account` and `session` options are Better Hub's
// own text.
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import type { BetterAuthPlugin } from "better-auth";
import { admin } from "better-auth/plugins";
import { stripe } from "@better-auth/stripe";
import { prisma } from "./db";

// `dash()` of @better-auth/infra (a hosted service) stands in by its schema alone, as
// @better-auth/infra 0.1.9-beta.1 declares it with `activityTracking.enabled`
// (dist/index.mjs: `schema: { user: { fields: { lastActiveAt: { type: "date" } } } }`).
// `sentinel()` (no schema) is left out, and so is Better Hub's `patSignIn()` (an endpoint that signs
// in through GitHub's API, no schema).
const dash = (): BetterAuthPlugin => ({
	id: "dash",
	schema: { user: { fields: { lastActiveAt: { type: "date" } } } },
});

// A Stripe client with the calls the plugin makes around sign-up, without any network call: on
// `createCustomerOnSignUp` the customer search finds an existing customer, which the plugin links
// to the new user (`user.stripeCustomerId`); after that user update it retrieves the customer to
// sync its email, and updates it.
const stripeClient = {
	customers: {
		search: async () => ({ data: [{ id: "cus_corpus_fixture", metadata: {} }] }),
		retrieve: async (id: string) => ({ id, deleted: false }),
		update: async (id: string, params: Record<string, unknown>) => ({ id, ...params }),
	},
} as unknown as Parameters<typeof stripe>[0]["stripeClient"];

/** Better Hub's Better Auth instance (Prisma adapter). */
export const auth = betterAuth({
	appName: "Better Hub",
	baseURL: "http://localhost:3000",
	secret: "corpus-fixture-secret-0123456789abcdef",
	database: prismaAdapter(prisma, {
		provider: "postgresql",
	}),
	experimental: {
		joins: true,
	},
	// Not in Better Hub (GitHub sign-in only): enabled for the sign-up / sign-in oracle.
	emailAndPassword: {
		enabled: true,
	},
	plugins: [
		dash(),
		admin(),
		stripe({
			stripeClient,
			stripeWebhookSecret: "whsec_corpus_fixture",
			createCustomerOnSignUp: true,
			subscription: {
				enabled: true,
				plans: [
					{
						name: "base",
						priceId: "price_corpus_base",
						lineItems: [
							{
								price: "price_corpus_metered",
							},
						],
					},
				],
			},
		}),
	],
	user: {
		additionalFields: {
			githubPat: {
				type: "string",
				required: false,
			},
			onboardingDone: {
				type: "boolean",
				required: false,
			},
		},
		deleteUser: {
			enabled: true,
		},
	},
	account: {
		encryptOAuthTokens: true,
		//cache the account in the cookie
		storeAccountCookie: true,
		//to update scopes
		updateAccountOnSignIn: true,
	},
	session: {
		cookieCache: {
			enabled: true,
			maxAge: 60 * 60 * 24 * 7,
			strategy: "jwe",
		},
	},
	advanced: {
		ipAddress: {
			ipAddressHeaders: ["x-vercel-forwarded-for", "x-forwarded-for"],
		},
	},
});
