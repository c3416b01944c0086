// Small input tables shared by several case files.
import type { CaseTable } from './types.js';

/** Employees: one null salary (dave), datetimes a day apart. */
export const Emp: CaseTable = {
  columns: 'id:long, name:string, dept:string, salary:long, t:datetime',
  rows: [
    [1, 'alice', 'eng', 100, '2024-01-10T08:00:00Z'],
    [2, 'bob', 'eng', 80, '2024-01-11T09:30:00Z'],
    [3, 'carol', 'ops', 120, '2024-01-12T10:00:00Z'],
    [4, 'dave', 'ops', null, '2024-01-13T11:00:00Z'],
    [5, 'erin', 'sales', 90, '2024-01-14T12:00:00Z'],
  ],
};

/** Sales: a null qty (west apple at 03:05) and a null price (west plum). */
export const Sales: CaseTable = {
  columns: 'region:string, product:string, qty:long, price:real, ts:datetime',
  rows: [
    ['east', 'apple', 10, 1.5, '2024-01-01T01:15:00Z'],
    ['east', 'pear', 5, 2.0, '2024-01-01T01:45:00Z'],
    ['west', 'apple', 7, 1.5, '2024-01-01T02:10:00Z'],
    ['west', 'apple', null, 1.0, '2024-01-01T03:05:00Z'],
    ['west', 'plum', 3, null, '2024-01-01T03:59:59Z'],
    ['north', 'pear', 8, 2.5, '2024-01-02T00:00:00Z'],
  ],
};

/** Log messages for the term (`has`) versus substring (`contains`) rules. */
export const Msgs: CaseTable = {
  columns: 'id:long, msg:string',
  rows: [
    [1, 'Failed login for admin'],
    [2, 'login OK'],
    [3, 'admin password reset'],
    [4, 'Administrator locked out'],
    [5, 'user ADMIN disabled'],
    [6, 'sysadmin-tools started'],
  ],
};

/** Join inputs: key 1 is duplicated on the left, key 2 on the right; 3 and 4 are unmatched. */
export const L: CaseTable = {
  columns: 'k:long, lv:string',
  rows: [
    [1, 'a'],
    [1, 'b'],
    [2, 'c'],
    [3, 'd'],
  ],
};

export const R: CaseTable = {
  columns: 'k:long, rv:string',
  rows: [
    [1, 'x'],
    [2, 'y'],
    [2, 'z'],
    [4, 'w'],
  ],
};

/** Dynamic values: nested bag, array, a key that needs brackets, missing properties. */
export const Dyn: CaseTable = {
  columns: 'id:long, d:dynamic',
  rows: [
    [1, { a: { b: 5 }, arr: [10, 20, 30], 'k-1': 'x', name: 'n1' }],
    [2, { a: { b: 7 }, arr: [], name: 'n2' }],
    [3, { arr: [1] }],
  ],
};
