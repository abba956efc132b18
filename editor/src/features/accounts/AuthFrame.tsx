import type { ReactNode } from 'react';
import { Logo } from '../../app/Logo';
import './accounts.css';

/** The card the signed-out pages sit in (sign in, set up, invitation, new password). */
export function AuthFrame({ title, intro, children }: { title: string; intro?: ReactNode; children: ReactNode }) {
  return (
    <main className="sign-in">
      <div className="sign-in-card">
        <Logo size={48} />
        <h1>{title}</h1>
        {intro ? <p className="muted">{intro}</p> : null}
        {children}
      </div>
    </main>
  );
}
