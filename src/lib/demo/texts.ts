// The words of the demo history: people, what agents write, and what the knowledge base does not answer.

export const FIRST_NAMES = [
  'Amara',
  'Ben',
  'Chiara',
  'Daniel',
  'Elif',
  'Felix',
  'Grace',
  'Hannah',
  'Ines',
  'Jonas',
  'Kofi',
  'Lena',
  'Marco',
  'Nadia',
  'Oliver',
  'Priya',
  'Quentin',
  'Rosa',
  'Samir',
  'Tanja',
  'Umar',
  'Vera',
  'Wei',
  'Yara',
  'Zoe',
  'Aaron',
  'Bianca',
  'Carlos',
  'Dana',
  'Emil',
  'Fatima',
  'Georg',
  'Hugo',
  'Ida',
  'Jakob',
  'Klara',
  'Luca',
  'Mia',
  'Noah',
  'Sofia',
];
export const LAST_NAMES = [
  'Okafor',
  'Schneider',
  'Rossi',
  'Novak',
  'Yilmaz',
  'Berger',
  'Lindqvist',
  'Moreau',
  'Costa',
  'Keller',
  'Mensah',
  'Fischer',
  'Ricci',
  'Haddad',
  'Brown',
  'Nair',
  'Dubois',
  'Romano',
  'Khan',
  'Wagner',
  'Ali',
  'Horvat',
  'Chen',
  'Suarez',
  'Weber',
  'Bauer',
  'Conti',
  'Ortiz',
  'Meyer',
  'Jansen',
  'Rahman',
  'Huber',
  'Laurent',
  'Nilsson',
  'Wolf',
  'Ferrari',
  'Greco',
  'Park',
  'Schmid',
  'Marino',
];

/** Six agents: three at tier 1, two at tier 2, one at tier 3. */
export const AGENTS: ReadonlyArray<{ name: string; tier: 1 | 2 | 3 }> = [
  { name: 'Sam Rivera', tier: 1 },
  { name: 'Noor Haddad', tier: 1 },
  { name: 'Tobias Keller', tier: 1 },
  { name: 'Mei Lin', tier: 2 },
  { name: 'Jonas Berg', tier: 2 },
  { name: 'Ada Okonkwo', tier: 3 },
];

/** What people search for that the knowledge base does not answer (the content-gap list), with the ticket category it becomes. */
export const GAP_QUERIES: Array<{ text: string; category: string }> = [
  { text: 'sap gui crashes on startup', category: 'software' },
  { text: 'badge reader at door 3 broken', category: 'access' },
  { text: 'expense report tool error', category: 'software' },
  { text: 'concur login not working', category: 'accounts' },
  { text: 'jira board not loading', category: 'software' },
  { text: 'docusign envelope stuck in signing', category: 'software' },
  { text: 'adobe acrobat pro licence expired', category: 'software' },
  { text: 'citrix receiver error 1030', category: 'network' },
  { text: 'power bi report refresh failed', category: 'software' },
  { text: 'timesheet app will not open', category: 'software' },
  { text: 'salesforce export to excel fails', category: 'software' },
  { text: 'webex invite from customer', category: 'meetings' },
  { text: 'parking garage access card', category: 'access' },
  { text: 'visio install request', category: 'software' },
  { text: 'macos update stuck at apple logo', category: 'hardware' },
  { text: 'linux laptop for developers', category: 'hardware' },
  { text: 'payroll portal password', category: 'accounts' },
  { text: 'intranet news page blank', category: 'network' },
  { text: 'crm outlook add-in missing', category: 'email' },
  { text: 'python pip install blocked by proxy', category: 'network' },
  { text: 'plotter in building b out of toner', category: 'printing' },
  { text: 'iphone personal hotspot blocked', category: 'mobile' },
  { text: 'sharepoint site for external partner', category: 'files' },
  { text: 'teams phone number for external calls', category: 'meetings' },
  { text: 'standing desk motor broken', category: 'hardware' },
];

export const RESOLUTIONS: Record<string, string[]> = {
  accounts: [
    'Unlocked the account and reset the password with the employee on the phone; removed the old password saved on their phone, which kept locking the account.',
    'The password had expired while the employee was away; walked them through the self-service reset.',
    'Re-registered the authenticator app after the phone was replaced; sign-in works again.',
  ],
  access: [
    'Access granted after the application owner approved the request; asked the employee to sign out and in again.',
    'Added to the right security group; permissions took about an hour to apply.',
    'Shared mailbox access added; Outlook picked it up after a restart.',
  ],
  security: [
    'Checked the email: phishing. Blocked the sender, removed the message from all mailboxes and reset the password as a precaution.',
    'Scanned the laptop: nothing found. The pop-ups came from a browser extension, which we removed.',
    'Device blocked and wiped remotely; replacement ordered and data restored from OneDrive.',
  ],
  network: [
    'The VPN profile was outdated; reinstalled the VPN client from Company Portal and it connects again.',
    'Renewed the Wi-Fi certificate on the laptop; it joins the office network automatically again.',
    'The home router dropped the 2.4 GHz band; moved the laptop to the 5 GHz network and updated the Wi-Fi driver.',
  ],
  email: [
    'The mailbox was full; enabled the online archive and moved mail older than two years.',
    'Rebuilt the Outlook profile; mail and calendar sync again.',
    'The sender had been marked as spam by mistake; removed the rule and released the quarantined messages.',
  ],
  meetings: [
    'Teams was using the laptop speakers; selected the headset as the audio device and turned on noise suppression.',
    'Updated the meeting room display firmware; screen sharing works again.',
    'Cleared the Teams cache and updated the app; camera and microphone work again.',
  ],
  printing: [
    'The print queue was stuck; cleared it and re-added the printer from Company Portal.',
    'Updated the printer driver; jobs come out again.',
    'The badge was not registered for follow-me printing; registered it at the printer.',
  ],
  hardware: [
    'The disk was almost full; cleared temporary files and moved old downloads to OneDrive.',
    'The battery failed the diagnostics test; handed over a replacement laptop and synced the data.',
    'Installed pending updates and the BIOS update; the laptop no longer freezes.',
  ],
  peripherals: [
    'Updated the docking station firmware and reinstalled the display driver; both monitors are detected again.',
    'Replaced the faulty USB-C cable between the dock and the monitor.',
    'Removed the old Bluetooth pairing and paired the headset again.',
  ],
  software: [
    'Installed the application from Company Portal and assigned a licence.',
    'The budget owner approved the request; the software was packaged and installed remotely.',
    'Reset the browser settings and cleared the cache; the web application loads again.',
  ],
  mobile: [
    'Enrolled the phone again in device management; work email and apps are back.',
    'Enabled roaming on the company contract for the trip.',
    'Blocked and wiped the lost phone remotely; a new phone is on its way.',
  ],
  files: [
    'Restored the file from a previous version in OneDrive.',
    'Reset OneDrive sync; all files sync again.',
    'Mapped the network drive again after the file server move.',
  ],
  onboarding: [
    'Account and laptop ready; first-day instructions sent to the manager.',
    'Granted the access the new role needs and removed the old team access.',
    "Converted the leaver's mailbox to a shared mailbox and delegated it to the manager.",
  ],
};
export const GENERIC_RESOLUTIONS = [
  'Fixed remotely with the employee; confirmed working.',
  'Configuration corrected on our side; the employee confirmed it works.',
];

export const FIRST_REPLIES = [
  "Thanks for getting in touch. I'm looking into this now and will update you shortly.",
  "Hi, I've picked this up. Does it also happen on the office network, or only at home?",
  'Thanks, I can see the problem on our side too and am working on it.',
  "I've taken this ticket. I'll connect to your laptop remotely in a few minutes, if that's OK.",
  'Thanks for the details. Could you tell me roughly when it started?',
];
export const PENDING_QUESTIONS = [
  'Could you send a screenshot of the error message and the time it happened?',
  'Please restart your laptop while connected to the office network and let me know if it still happens.',
  'When are you at your desk today, so I can connect remotely?',
  'Can you check whether a colleague on the same floor has the same problem?',
];
export const REQUESTER_ANSWERS = [
  'Screenshot attached. It happened again at 9:40.',
  'Restarted as asked; still the same.',
  "I'm at my desk until 4 pm today.",
  'My neighbour has the same problem since this morning.',
];
export const INTERNAL_NOTES = [
  'Checked the logs: nothing obvious. Trying a profile reset next.',
  'Same pattern as another ticket last week; see the linked article.',
  'Opened a case with the vendor; waiting for their answer.',
  'User confirmed by phone; remote session booked.',
];
export const ESCALATION_REASONS: Record<number, string[]> = {
  1: [
    'Needs server-side access that tier 1 does not have.',
    'The standard steps did not help; needs deeper troubleshooting.',
    'Affects several people: probably a configuration problem.',
  ],
  2: [
    'Looks like a defect in the latest vendor update; needs engineering.',
    'Requires a change to the network configuration.',
  ],
};
export const REOPEN_NOTES = [
  'It worked for a day, but the problem is back this morning.',
  'Still happening, sorry: same error as before.',
  'Fixed on my laptop, but my phone still has the problem.',
];
export const RATING_COMMENTS_GOOD = [
  'Quick and friendly, thanks!',
  'Fixed within the hour, great.',
  'Clear instructions, thank you.',
];
export const RATING_COMMENTS_BAD = [
  'Took far too long.',
  'I had to explain the problem three times.',
  'It was closed before it was really fixed.',
];
export const FEEDBACK_NOT_HELPFUL = [
  'The steps do not match what I see.',
  'Did not fix it for me.',
  'Too long; I could not find the part about my problem.',
  'The screenshots are out of date.',
];
