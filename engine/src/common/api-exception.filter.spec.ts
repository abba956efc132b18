import { describe, expect, it } from 'vitest';
import { foreignKeyConflict } from './api-exception.filter';

/** Errors as node-postgres raises them (TypeORM's QueryFailedError copies `code` and `detail` and keeps `driverError`). */
const pgError = (code: string, detail: string) => Object.assign(new Error('violates foreign key constraint'), { code, detail });

describe('a foreign key Postgres refused during a request', () => {
  it('is a conflict naming the field when what it refers to was deleted meanwhile', () => {
    expect(foreignKeyConflict(pgError('23503', 'Key (connection_id)=(952a03b8-27c4-4254-856f-a634ac75c352) is not present in table "connections".'))).toEqual({
      message: 'connectionId: the connection it names was deleted while this request was handled',
      details: { field: 'connectionId' },
    });
  });

  it('is a conflict when what it deletes came to be used, also through TypeORM’s driverError', () => {
    const wrapped = { message: 'query failed', driverError: pgError('23503', 'Key (id)=(7) is still referenced from table "message_templates".') };
    expect(foreignKeyConflict(wrapped)?.details).toEqual({ field: 'id' });
    expect(foreignKeyConflict(wrapped)?.message).toBe('id: it is still used by a message template, added while this request was handled');
  });

  it('leaves every other database error alone', () => {
    expect(foreignKeyConflict(pgError('23505', 'Key (id)=(7) already exists.'))).toBeNull();
    expect(foreignKeyConflict(pgError('23503', 'something else'))).toBeNull();
    expect(foreignKeyConflict(new Error('boom'))).toBeNull();
    expect(foreignKeyConflict(undefined)).toBeNull();
  });
});
