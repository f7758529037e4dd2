export default function Home() {
  return (
    <main>
      <h1>authjs-edge</h1>
      <p>
        <a href="/login">Sign in</a> · <a href="/admin">Admin</a>
      </p>
    </main>
  );
}
