/**
 * What the presence note says about the others who have the flow open: their names when the
 * engine gives them ("Ana Ruiz and 1 other have this flow open"), the tab count otherwise, and
 * the person's own other tabs as such.
 *
 * @example presenceText({ others: 2, people: ['Ana Ruiz', 'Bo'] }, 'Cy') // "Ana Ruiz and 1 other have this flow open"
 */
export function presenceText(presence: { others: number; people: readonly string[] }, myName: string | null): string | null {
  if (presence.others === 0) return null;
  const people = presence.people.filter((name) => name !== myName);
  if (people.length === 0) return `Also open in ${presence.others} other ${presence.others === 1 ? 'tab' : 'tabs'}`;
  const [first, ...rest] = people;
  if (rest.length === 0) return `${first} has this flow open`;
  return `${first} and ${rest.length} ${rest.length === 1 ? 'other' : 'others'} have this flow open`;
}
