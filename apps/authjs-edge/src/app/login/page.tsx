import { signIn } from '@/auth';

export default function LoginPage() {
  return (
    <main>
      <h1>Sign in</h1>
      <form
        action={async (formData) => {
          'use server';
          await signIn('credentials', { email: formData.get('email'), password: formData.get('password'), redirectTo: '/admin' });
        }}
      >
        <input name="email" type="email" />
        <input name="password" type="password" />
        <button type="submit">Sign in</button>
      </form>
    </main>
  );
}
