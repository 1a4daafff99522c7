import { createRoot } from 'react-dom/client';
// app.edition is picked at build time: scripts/pick-edition.mjs copies one
// of src/editions/edition.*.tsx to src/editions/edition.current.tsx
import { EditionBanner } from 'app.edition';
import Logo from 'app.icons/logo.svg?react';

createRoot(document.getElementById('root')!).render(
  <>
    <Logo />
    <EditionBanner />
  </>
);
