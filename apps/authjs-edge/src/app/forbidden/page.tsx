export default function Forbidden() {
  return (
    <main>
      <h1>Forbidden</h1>
      <p>The admin area needs the admin role.</p>
    </main>
  );
}
