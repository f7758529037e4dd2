// Reached only through the Edge middleware's role check.
export const dynamic = 'force-dynamic';

export default function AdminPage() {
  return (
    <main>
      <h1>Admin area</h1>
    </main>
  );
}
