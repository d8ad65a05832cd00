import { describe, expect, it } from 'vitest';
import { scrubPersonalData, type ScrubContext } from './scrub.ts';

const people: ScrubContext = {
  names: [
    'Anna Müller',
    'José García-Núñez',
    'Søren Østergaard',
    'Małgorzata Włodarczyk',
    'Giulia Rossi',
    '王小明',
    '山田 太郎',
  ],
  emails: ['anna.mueller@acme.ch', 'jgarcia@acme.es'],
};
const scrub = (text: string, context: ScrubContext = people) => scrubPersonalData(text, context).text;

describe('names of the people on the ticket', () => {
  it('replaces the full name and each part on its own, and lists what it removed', () => {
    const result = scrubPersonalData(
      'Anna Müller cannot print. Anna tried twice; Müller is her manager? No, Müller is Anna.',
      people,
    );
    expect(result.text).toBe(
      '[name] cannot print. [name] tried twice; [name] is her manager? No, [name] is [name].',
    );
    expect(result.removals).toEqual([
      { kind: 'name', value: 'Anna Müller', replacement: '[name]' },
      { kind: 'name', value: 'Anna', replacement: '[name]' },
      { kind: 'name', value: 'Müller', replacement: '[name]' },
    ]);
  });

  it.each([
    ['German umlaut written as ue', 'Mr Mueller called', 'Mr [name] called'],
    ['German umlaut dropped', 'Muller called', '[name] called'],
    ['upper case', 'ANNA MÜLLER', '[name]'],
    ['lower case', 'ping anna müller again', 'ping [name] again'],
    ['decomposed Unicode (u + combining diaeresis)', 'Mu\u0308ller called', '[name] called'],
    ['Spanish accents dropped', 'Jose Garcia and Nunez', '[name] and [name]'],
    ['Spanish double surname with hyphen', 'Sr. García-Núñez llamó', 'Sr. [name] llamó'],
    ['Nordic ø as o and as oe', 'Soren, Søren, Ostergaard, Oestergaard', '[name], [name], [name], [name]'],
    ['Polish ł and diacritics', 'Małgorzata Włodarczyk aka Malgorzata Wlodarczyk', '[name] aka [name]'],
    ['Italian name in a sentence', 'la collega Giulia Rossi ha risolto', 'la collega [name] ha risolto'],
    [
      'Chinese name and given name without spaces',
      '王小明的电脑无法连接VPN。小明说重启了。',
      '[name]的电脑无法连接VPN。[name]说重启了。',
    ],
    ['Japanese name with and without space', '山田 太郎さん、山田さんのPC', '[name]さん、[name]さんのPC'],
  ])('finds %s', (_case, text, expected) => {
    expect(scrub(text)).toBe(expected);
  });

  it('does not cut a name out of a longer word (Unicode-aware boundaries)', () => {
    expect(scrub('Flights to Annapolis, Annaberg and Rossini; Anna_Mueller-style tokens')).toBe(
      'Flights to Annapolis, Annaberg and Rossini; [name]_[name]-style tokens',
    );
  });

  it('ignores one-letter parts and particles of a name', () => {
    const context = { names: ['Maria de la Cruz', 'J. R. Tolkien'] };
    expect(scrub('Maria de la Cruz said: de la casa de J. Tolkien', context)).toBe(
      '[name] de la [name] said: de la casa de J. [name]',
    );
  });

  it('treats a lowercase everyday word as the word even when someone is called that', () => {
    expect(scrub('I will grant you access. Will Grant approved it.', { names: ['Will Grant'] })).toBe(
      'I will grant you access. [name] approved it.',
    );
  });

  it('replaces local parts of their e-mail addresses and directory-style usernames', () => {
    const result = scrubPersonalData(
      'user anna.mueller could not log in; amueller and jgarcia were locked too',
      people,
    );
    expect(result.text).toBe('user [username] could not log in; [username] and [username] were locked too');
    expect(result.removals.map((r) => [r.kind, r.value])).toEqual([
      ['username', 'anna.mueller'],
      ['username', 'amueller'],
      ['username', 'jgarcia'],
    ]);
  });
});

describe('names in greetings and sign-offs', () => {
  it.each([
    ['Hi Marco,\nthe VPN works again.', 'Hi [name],\nthe VPN works again.'],
    ['Hello Dr. Smith, please restart.', 'Hello Dr. [name], please restart.'],
    ['That fixed it. Thanks, Lena', 'That fixed it. Thanks, [name]'],
    ['Regards,\nPiotr Nowak\nIT Support', 'Regards,\n[name]\nIT Support'],
    ['Grüße, Jörg', 'Grüße, [name]'],
    ['Liebe Grüße\nKatrin Schmidt-Weber', 'Liebe Grüße\n[name]'],
    ['Hallo Frau Schneider, der Drucker geht.', 'Hallo Frau [name], der Drucker geht.'],
    ['Ciao Giulia, come va?', 'Ciao [name], come va?'],
    ['Cordiali saluti,\nFrancesca Bianchi', 'Cordiali saluti,\n[name]'],
    ['Best, Ana', 'Best, [name]'],
  ])('scrubs %j', (text, expected) => {
    expect(scrub(text, {})).toBe(expected);
  });

  it('scrubs a name found in a salutation everywhere else in the text too', () => {
    expect(scrub('Hi Marco,\nMarco said the laptop restarts.', {})).toBe(
      'Hi [name],\n[name] said the laptop restarts.',
    );
  });

  it.each([
    'Thanks, that worked.',
    'Thanks, Microsoft Teams works again.',
    'Hi all, Hi Team, Hello there, Hallo zusammen, Ciao a tutti',
    'Thanks. Restart fixed it.',
    'Danke, Problem gelöst.',
    'Hi, Bildschirm flackert seit dem Update.',
    'Best practice: reboot first. Best Regards,',
  ])('keeps %j', (text) => {
    expect(scrub(text, {})).toBe(text);
  });
});

describe('contact details', () => {
  it('replaces any e-mail address', () => {
    expect(scrub('Write to it-support@acme.com or mailto:jane.doe+it@example.org.', {})).toBe(
      'Write to [email address] or mailto:[email address].',
    );
  });

  it.each([
    '+41 44 123 45 67',
    '(555) 123-4567',
    '555-123-4567',
    '079 123 45 67',
    '+39 06 1234 5678',
    '+49 (0)30 1234 5678',
    '0151 23456789',
    'ext. 4411',
  ])('replaces the phone number %s', (phone) => {
    const result = scrubPersonalData(`Call me at ${phone}, thanks.`, {});
    expect(result.text).toBe('Call me at [phone number], thanks.');
    expect(result.removals).toEqual([{ kind: 'phone', value: phone, replacement: '[phone number]' }]);
  });

  it('keeps numbers that are not phone numbers: dates, times, versions, error codes, KB numbers, ports', () => {
    const text =
      'On 2026-11-22 at 10:30 (22.11.2026, 11/22/2026) version 10.0.19045 showed error 0x80070005 and error 1603; KB5034441 on port 8080, Event ID 4625.';
    expect(scrub(text, {})).toBe(text);
  });
});

describe('network identifiers', () => {
  it('replaces IPv4 addresses and CIDR ranges, but not Windows builds or three-part versions', () => {
    expect(
      scrub(
        'IP 192.168.1.23 in 10.0.0.0/8 via server 10.0.0.5; build 10.0.19045.3803; app 1.2.3; version 4.2.1.0; DNS 8.8.8.8; mask 255.255.255.0',
        {},
      ),
    ).toBe(
      'IP [IP address] in [IP address] via server [IP address]; build 10.0.19045.3803; app 1.2.3; version 4.2.1.0; DNS 8.8.8.8; mask 255.255.255.0',
    );
  });

  it('replaces full and compressed IPv6 addresses, but not times or C++ scopes', () => {
    expect(
      scrub(
        '2001:0db8:85a3:0000:0000:8a2e:0370:7334, fe80::1c2b:3a4d:5e6f:7a8b%12 and 2001:db8::/32 at 10:30:45 in std::string',
        {},
      ),
    ).toBe('[IP address], [IP address] and [IP address] at 10:30:45 in std::string');
  });

  it('replaces MAC addresses in all three notations', () => {
    expect(scrub('aa:bb:cc:dd:ee:ff, AA-BB-CC-DD-EE-01 and aabb.ccdd.eeff', {})).toBe(
      '[MAC address], [MAC address] and [MAC address]',
    );
  });

  it('replaces internal host names and keeps well-known public ones', () => {
    expect(
      scrub(
        'fs01.acme.corp, nas.local, dc1.ad.lan, vpn.acme.com, teams.microsoft.com, www.acme.com, setup.exe, System.Net.Http.dll',
        {},
      ),
    ).toBe(
      '[computer name], [computer name], [computer name], [computer name], teams.microsoft.com, www.acme.com, setup.exe, System.Net.Http.dll',
    );
  });

  it('replaces Windows machine names and the host of UNC paths', () => {
    expect(
      scrub(
        'LAPTOP-7F3K2Q, DESKTOP-AB12CD3, WS-0042, PC-12345, NB-BER-0042, SRV-FS01, PRN-3F-01; open \\\\fileserver01\\share\\forms',
        {},
      ),
    ).toBe(
      '[computer name], [computer name], [computer name], [computer name], [computer name], [computer name], [computer name]; open \\\\[computer name]\\share\\forms',
    );
  });

  it('replaces links to internal hosts and keeps public links', () => {
    expect(
      scrub(
        'See https://intranet.acme.corp/hr/forms?id=4, https://acme.sharepoint.com/sites/IT, wiki.acme.corp/vpn and https://support.microsoft.com/en-us/help/4026757.',
        {},
      ),
    ).toBe('See [link], [link], [link] and https://support.microsoft.com/en-us/help/4026757.');
  });
});

describe('tickets, assets and addresses', () => {
  it.each([
    ['T-1042', '[ticket]'],
    ['INC0012345', '[ticket]'],
    ['REQ0001234', '[ticket]'],
    ['ticket #1234', '[ticket]'],
    ['case 12345', '[ticket]'],
    ['asset 12345', '[asset tag]'],
    ['Asset tag: IT-004521', 'Asset tag: [asset tag]'],
    ['AT-004521', '[asset tag]'],
    ['serial number C02XK1ZJJG5H', '[serial number]'],
    ['S/N 5CD1234XYZ', '[serial number]'],
  ])('replaces %s', (identifier, expected) => {
    expect(scrub(`Same as ${identifier}.`, {})).toBe(`Same as ${expected}.`);
  });

  it('keeps "in case" followed by a year', () => {
    expect(scrub('Keep a backup in case 2026 brings another upgrade.', {})).toBe(
      'Keep a backup in case 2026 brings another upgrade.',
    );
  });

  it.each([
    ['Swiss street with postal code and city', 'Bahnhofstrasse 12, 8001 Zürich'],
    ['German street with the city on the next line', 'Invalidenstraße 117\n10115 Berlin'],
    ['Italian street', 'Via Roma 5'],
    ['Spanish street with postal code', 'Calle de Alcalá 23, 28014 Madrid'],
    ['French street', 'Rue de Rivoli 3'],
    ['Polish street', 'ul. Marszałkowska 10'],
    ['Swedish street', 'Drottninggatan 5'],
    ['English street', '12 Main Street'],
    ['English street with a letter in the number', '221B Baker Street'],
  ])('replaces a %s', (_case, address) => {
    const result = scrubPersonalData(`Deliver the laptop to ${address}.`, {});
    expect(result.text).toBe('Deliver the laptop to [address].');
    expect(result.removals).toEqual([{ kind: 'address', value: address, replacement: '[address]' }]);
  });
});

describe('usernames', () => {
  it.each([
    ['username jdoe', 'username [username]'],
    ['user: jdoe', 'user: [username]'],
    ['ACME\\jdoe', 'ACME\\[username]'],
    ['logged in as jdoe', 'logged in as [username]'],
    ['C:\\Users\\jdoe\\AppData', 'C:\\Users\\[username]\\AppData'],
  ])('replaces %s', (text, expected) => {
    expect(scrub(text, {})).toBe(expected);
  });

  it('keeps ordinary sentences about users and registry paths', () => {
    const text =
      'The user reported that the user account was locked. Enter the username and password. HKLM\\SOFTWARE and NT AUTHORITY\\SYSTEM.';
    expect(scrub(text, {})).toBe(text);
  });
});

describe('text that must stay', () => {
  it('leaves product names, error codes, versions, dates and knowledge-base links alone', () => {
    const text = [
      '## Outlook keeps asking for a password',
      '',
      'Open Outlook, go to File > Account Settings and sign in again. If Microsoft Teams shows 0xCAA70004, update Windows 11',
      '(KB5034441, build 10.0.22631.3007) and connect GlobalProtect VPN over Wi-Fi first. Updated 2026-11-22.',
      'See [Reset your password](/kb/reset-password) and /faq/wifi-setup, or https://support.microsoft.com/en-us/office.',
    ].join('\n');
    expect(scrubPersonalData(text, people)).toEqual({ text, removals: [] });
  });

  it('keeps /kb/ and /faq/ links even when a slug contains a name', () => {
    expect(scrub('Mark: see [spam](/kb/mark-as-spam) and /faq/anna-guide', { names: ['Mark Anna'] })).toBe(
      '[name]: see [spam](/kb/mark-as-spam) and /faq/anna-guide',
    );
  });

  it('scrubs inside code fences and keeps the fences', () => {
    expect(
      scrub('Run:\n```\nping fs01.acme.corp\nnet use \\\\10.1.2.3\\share /user:ACME\\amueller\n```', people),
    ).toBe('Run:\n```\nping [computer name]\nnet use \\\\[IP address]\\share /user:ACME\\[username]\n```');
  });
});

describe('the removal list', () => {
  it('is deduplicated and in order of first appearance, with each kind', () => {
    const text =
      'Hi Anna, T-1042: anna.mueller@acme.ch on LAPTOP-7F3K2Q (10.1.2.3) called +41 44 123 45 67. Anna again, T-1042 again.';
    expect(scrubPersonalData(text, people).removals).toEqual([
      { kind: 'name', value: 'Anna', replacement: '[name]' },
      { kind: 'ticket', value: 'T-1042', replacement: '[ticket]' },
      { kind: 'email', value: 'anna.mueller@acme.ch', replacement: '[email address]' },
      { kind: 'host', value: 'LAPTOP-7F3K2Q', replacement: '[computer name]' },
      { kind: 'ip', value: '10.1.2.3', replacement: '[IP address]' },
      { kind: 'phone', value: '+41 44 123 45 67', replacement: '[phone number]' },
    ]);
  });

  it('is empty for text without personal data', () => {
    expect(scrubPersonalData('Restart the printer and try again.')).toEqual({
      text: 'Restart the printer and try again.',
      removals: [],
    });
  });
});

const ticket = [
  'Hallo Frau Müller,',
  'Anna Müller (anna.mueller@acme.ch, +41 44 123 45 67) cannot reach \\\\fs01.acme.corp\\finance from LAPTOP-7F3K2Q (10.1.2.3, aa:bb:cc:dd:ee:ff).',
  'Asset tag: IT-004521, S/N 5CD1234XYZ, see T-1042 and https://intranet.acme.corp/it. Logged in as ACME\\amueller; user: amueller.',
  'Deliver to Bahnhofstrasse 12, 8001 Zürich. Windows 11 build 10.0.19045.3803, error 0x80070005, see /kb/vpn-setup.',
  '```',
  'ipconfig /all → 2001:db8::8a2e:370:7334',
  '```',
  'Grazie,',
  'Giulia Rossi',
  '',
].join('\n');

describe('robustness', () => {
  it('is idempotent: scrubbing the result again changes nothing', () => {
    const once = scrubPersonalData(ticket, people);
    expect(once.removals.length).toBeGreaterThan(10);
    expect(scrubPersonalData(once.text, people)).toEqual({ text: once.text, removals: [] });
  });

  it('handles a 20,000-character ticket and pathological input in one linear pass', () => {
    // No timed assertion (noisy machines); a backtracking regex would make this test hang instead.
    const long = ticket.repeat(Math.ceil(20_000 / ticket.length)).slice(0, 20_000);
    const result = scrubPersonalData(long, people);
    expect(result.text).not.toContain('Müller');
    expect(result.text).not.toContain('10.1.2.3');
    for (const unit of ['1.', 'a:', 'a@', 'A-', '12 ', 'Hi ', 'PC-1', 'a.', '王', '+1 ']) {
      expect(scrubPersonalData(unit.repeat(20_000 / unit.length), people).text.length).toBeGreaterThan(0);
    }
  });
});
