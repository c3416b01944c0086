// parse (simple and regex modes) and extract over table columns.
import type { CaseTable, EngineCase } from './types.js';

const Lines: CaseTable = {
  columns: 's:string',
  rows: [['user=alice id=42'], ['user=bob id=7']],
};

export const parseCases: EngineCase[] = [
  {
    name: 'parse simple: string and typed columns between constants',
    query: 'Lines | parse s with "user=" user " id=" id:long | project user, id',
    tables: { Lines },
    expected: {
      columns: [
        ['user', 'string'],
        ['id', 'long'],
      ],
      rows: [
        ['alice', 42],
        ['bob', 7],
      ],
    },
  },
  {
    name: 'parse simple: leading * skips text',
    query: 'Lines | parse s with * "id=" id:long | project id',
    tables: { Lines },
    expected: { rows: [[42], [7]] },
  },
  {
    name: 'parse simple: trailing * after a string column',
    query: 'Lines | parse s with "user=" user " " * | project user',
    tables: { Lines },
    expected: { rows: [['alice'], ['bob']] },
  },
  {
    name: 'parse simple: the input columns are kept',
    query: 'Lines | parse s with "user=" user " id=" id:long | where id > 10',
    tables: { Lines },
    expected: {
      columns: [
        ['s', 'string'],
        ['user', 'string'],
        ['id', 'long'],
      ],
      rows: [['user=alice id=42', 'alice', 42]],
    },
  },
  {
    name: 'parse simple: a row that does not match keeps its row with null (empty) columns',
    query:
      'datatable(s:string)["user=alice id=42", "garbage"] | parse s with "user=" user " id=" id:long | project s, user, id',
    expected: {
      rows: [
        ['user=alice id=42', 'alice', 42],
        ['garbage', '', null],
      ],
    },
    doc: 'parse operator: the calculated columns are null for unsuccessfully parsed strings',
  },
  {
    name: 'parse simple: email alias and domains (doc example)',
    query: `let Leads=datatable(Contacts: string)
    [
    "Event: LeadContact (email=john@contosohotel.com, Website=https:contosohotel.com)",
    "Event: LeadContact (email=abi@fourthcoffee.com, Website=https:www.fourthcoffee.com)"
];
Leads
| parse Contacts with * "email=" alias:string "@" domain: string ", Website=https:" WebsiteDomain: string ")"
| project EmailAddress=strcat(alias, "@", domain), EmailAlias=alias, WebsiteDomain`,
    expected: {
      rows: [
        ['john@contosohotel.com', 'john', 'contosohotel.com'],
        ['abi@fourthcoffee.com', 'abi', 'www.fourthcoffee.com'],
      ],
    },
    doc: 'parse operator example: extract email alias and DNS',
  },
  {
    name: 'parse simple: a datetime column',
    query:
      'datatable(s:string)["at 2024-01-02 03:04:05 ok"] | parse s with "at " ts:datetime " ok" | project ts',
    expected: { columns: [['ts', 'datetime']], rows: [['2024-01-02T03:04:05Z']] },
  },
  {
    name: 'parse kind=regex: regex delimiters and a typed column',
    query: String.raw`datatable(s:string)["ip=10.0.0.1 port=443"] | parse kind=regex s with "ip=" ip @"\s+port=" port:long | project ip, port`,
    expected: { rows: [['10.0.0.1', 443]] },
    doc: 'parse operator, regex mode: string becomes .*?, long becomes -?\\d+',
  },
  {
    name: 'parse kind=regex: a string column ends at the next regex',
    query: String.raw`datatable(s:string)["Failed: 3 attempts from host-7."] | parse kind=regex s with @"Failed:\s+" n:long @"\s+attempts from " host @"\." | project n, host`,
    expected: { rows: [[3, 'host-7']] },
  },
  {
    name: 'parse kind=regex: greedy by default with a trailing * (doc example)',
    query: `datatable(EventText: string)["Event: NotifySliceRelease (resourceName=PipelineScheduler, totalSlices=27, sliceNumber=23)"]
| parse kind=regex EventText with * "resourceName=" resourceName ',' *
| project resourceName`,
    expected: { rows: [['PipelineScheduler, totalSlices=27']] },
    doc: 'parse operator example: regex mode is greedy, so the result runs to the last comma',
  },
  {
    name: 'extract a number from a column with typeof(long)',
    query: String.raw`datatable(msg:string)["code=404 path=/a", "code=500 path=/b", "no code"] | extend code = extract(@"code=(\d+)", 1, msg, typeof(long)) | project code`,
    expected: { rows: [[404], [500], [null]] },
  },
];
