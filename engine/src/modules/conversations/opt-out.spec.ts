import { describe, expect, it } from 'vitest';
import { optOutIntent } from './opt-out';

describe('optOutIntent', () => {
  it.each([
    'STOP',
    'stop.',
    'Stopp!',
    'ABMELDEN',
    'Keine Nachrichten',
    'opt-out',
    'OptOut',
    'Arrêter',
    'arreter',
    'darse de baja',
    'Unsubscribe please',
    'Bitte abmelden!',
    '🛑 stop 🛑',
    'Stop all',
    'QUIT',
    'end.',
    'stop it now',
    'Cancel subscription',
  ])('%s → stop', (text) => {
    expect(optOutIntent(text)).toBe('stop');
  });

  it.each(['Start', 'START!', 'unstop', 'Opt in', 'resume', 'anmelden'])('%s → start', (text) => {
    expect(optOutIntent(text)).toBe('start');
  });

  it.each([
    "please stop calling me at night, I'll reply tomorrow",
    'Can you stop by the office?',
    'quit smoking tips?',
    'Stop by tomorrow if you can',
    'When does the offer end?',
    'I want to start an order',
    'Ende',
    'please',
    '',
    '  ?! ',
  ])('%s → null', (text) => {
    expect(optOutIntent(text)).toBeNull();
  });
});
