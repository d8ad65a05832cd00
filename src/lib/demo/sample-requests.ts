import type { FrontMatter } from '#lib/content/schema.ts';

/**
 * What an employee typed into the request box, and the starter articles that answer it (best first).
 * The slugs are content/kb and content/faq file names; sample-requests.test.ts checks they exist.
 */
export type SampleRequest = {
  text: string;
  slugs: readonly [string, ...string[]];
  lang: FrontMatter['locale'];
};

const en = (text: string, ...slugs: [string, ...string[]]): SampleRequest => ({ text, slugs, lang: 'en' });
const de = (text: string, ...slugs: [string, ...string[]]): SampleRequest => ({ text, slugs, lang: 'de' });
const it = (text: string, ...slugs: [string, ...string[]]): SampleRequest => ({ text, slugs, lang: 'it' });

/**
 * Problems as a desk hears them: a few words, a sentence or a small story, some typos, about one in
 * seven in German and one in ten in Italian. Written for the demo; tests/fixtures/search-quality.jsonl
 * measures search quality and must stay unseen by the product.
 */
export const SAMPLE_REQUESTS: readonly SampleRequest[] = [
  // accounts
  en('locked out of my account', 'account-locked-out'),
  en(
    'Windows says my account is locked after I typed the password wrong a few times this morning.',
    'account-locked-out',
    'reset-your-password',
  ),
  en('need to change my password, how?', 'reset-your-password', 'what-are-the-password-rules'),
  en(
    "new phone, the authenticator app is empty and I can't approve the sign-in",
    'set-up-multi-factor-authentication',
  ),
  en(
    "is SMS ok for the sign-in code? I don't want another app on my phone",
    'can-i-use-sms-instead-of-an-authenticator-app',
  ),
  en(
    'Why does it keep telling me my password expires in 5 days? I only changed it a few weeks ago.',
    'why-does-my-password-keep-expiring',
  ),
  en('new password rejected, how long does it need to be', 'what-are-the-password-rules'),
  en(
    'Outlook and Teams keep asking me to log in again every hour or so',
    'why-does-single-sign-on-keep-asking-me-to-sign-in',
  ),
  de('Passwort vergessen, wie kann ich es zurücksetzen?', 'reset-your-password'),
  de('Konto gesperrt nach zu vielen Anmeldeversuchen', 'account-locked-out'),
  it('account bloccato, non riesco ad accedere', 'account-locked-out'),

  // access
  en(
    'need access to the finance reporting app',
    'request-access-to-an-application',
    'who-approves-my-access-request',
  ),
  en('need local admin on my laptop for a USB oscilloscope driver', 'request-admin-rights'),
  en('please add me to the marketing shared mailbox', 'request-group-membership-or-shared-mailbox-access'),
  en(
    "Who has to approve my request for the HR system? It's been pending for three days.",
    'who-approves-my-access-request',
  ),
  en("the app says you don't have permission to view this page", 'why-does-an-app-say-i-dont-have-access'),
  en(
    'acess denied on the sales sharepoint site',
    'why-does-an-app-say-i-dont-have-access',
    'request-group-membership-or-shared-mailbox-access',
  ),
  de('Ich brauche Zugriff auf das Postfach vom Einkauf', 'request-group-membership-or-shared-mailbox-access'),
  it(
    'vorrei accedere al portale delle note spese, come faccio la richiesta?',
    'request-access-to-an-application',
    'who-approves-my-access-request',
  ),

  // security
  en(
    'got a weird email asking me to confirm my bank details, looks fake',
    'report-a-phishing-email',
    'how-do-i-know-if-an-email-is-phishing',
  ),
  en(
    'I clicked a link in an email and typed my password before I realised it was not our login page.',
    'what-should-i-do-if-i-clicked-a-phishing-link',
  ),
  en('how can I tell if an email is a scam', 'how-do-i-know-if-an-email-is-phishing'),
  en(
    'pop ups keep appearing saying my computer is infected and I should call a number',
    'malware-and-suspicious-pop-ups',
  ),
  en('left my laptop on the train', 'lost-or-stolen-laptop-or-phone'),
  en(
    'is it ok to send a customer file on a usb stick',
    'share-files-and-use-usb-drives-safely',
    'can-i-use-a-usb-stick-to-move-files',
  ),
  en('phising mail report button', 'report-a-phishing-email'),
  de('Laptop wurde aus dem Auto gestohlen, was muss ich tun?', 'lost-or-stolen-laptop-or-phone'),
  it('ho ricevuto una mail sospetta, come la segnalo?', 'report-a-phishing-email'),

  // network
  en('vpn wont conect from home', 'vpn-cannot-connect'),
  en(
    "The VPN client says 'connection failed' every time I try since yesterday's update.",
    'vpn-cannot-connect',
    'connect-to-the-vpn',
  ),
  en('how do I set up the vpn on my new laptop', 'connect-to-the-vpn'),
  en('VPN drops every couple of hours and I lose my remote desktop session', 'why-does-the-vpn-disconnect'),
  en("do I need to turn on the vpn when I'm in the office", 'do-i-need-the-vpn-in-the-office'),
  en('can I use the vpn on my home pc', 'can-i-use-the-vpn-on-my-personal-computer'),
  en("laptop doesn't connect to the office wifi anymore", 'connect-to-office-wifi'),
  en('wifi password for visitors', 'what-is-the-guest-wifi-password'),
  en(
    'home internet is really slow on video calls and the wifi keeps dropping',
    'fix-slow-home-internet-and-wifi-drops',
  ),
  de('VPN verbindet nicht, Fehlermeldung beim Anmelden', 'vpn-cannot-connect'),
  de('WLAN im Büro funktioniert nicht', 'connect-to-office-wifi'),
  it('la vpn si disconnette continuamente', 'why-does-the-vpn-disconnect'),

  // email
  en('outlok not updating, new emails dont show up', 'outlook-not-syncing-or-mailbox-full'),
  en(
    "My mailbox is full and I can't send anything. I get a warning that I'm over my limit.",
    'outlook-not-syncing-or-mailbox-full',
  ),
  en('how do I add my phone number to my email signature', 'set-up-email-signature'),
  en('set out of office for my holiday', 'set-up-out-of-office-reply'),
  en('my assistant needs to manage my calendar', 'share-your-calendar-or-delegate-access'),
  en(
    'accidentally deleted an important email yesterday, can I get it back?',
    'how-do-i-recover-a-deleted-email',
  ),
  en("what's the max attachment size? my 40 MB presentation bounced", 'how-large-can-an-email-attachment-be'),
  en('a client told me our newsletter lands in spam', 'why-are-my-emails-going-to-spam'),
  de('Abwesenheitsnotiz einrichten', 'set-up-out-of-office-reply'),
  it('come imposto la firma nelle email?', 'set-up-email-signature'),

  // meetings
  en('people hear an echo when I talk in Teams', 'fix-echo-and-audio-problems-in-teams-calls'),
  en(
    'In every Teams call since this week my colleagues say my voice is choppy and they hear themselves back.',
    'fix-echo-and-audio-problems-in-teams-calls',
    'teams-camera-or-microphone-not-working',
  ),
  en('teams audio crackling and cutting out', 'fix-echo-and-audio-problems-in-teams-calls'),
  en(
    'bad sound quality in teams meetings, everyone sounds robotic',
    'fix-echo-and-audio-problems-in-teams-calls',
  ),
  en(
    "others can't hear me in teams but my headset works in other apps",
    'teams-camera-or-microphone-not-working',
    'fix-echo-and-audio-problems-in-teams-calls',
  ),
  en('camera not working in teams, just shows a black screen', 'teams-camera-or-microphone-not-working'),
  en('screen sharing greyed out in teams on my macbok', 'share-your-screen-in-teams-on-macos'),
  en('how do I book a meeting room with the big screen', 'book-and-use-a-meeting-room'),
  en(
    'can external customers join my teams meeting without an account',
    'can-external-guests-join-my-teams-meeting',
  ),
  en('a supplier sent a zoom link, am I allowed to use zoom', 'can-i-use-zoom-instead-of-teams'),
  de('Echo im Teams-Meeting, die anderen hören sich selbst', 'fix-echo-and-audio-problems-in-teams-calls'),
  de('Kamera funktioniert nicht in Teams', 'teams-camera-or-microphone-not-working'),
  it('il microfono non funziona su teams', 'teams-camera-or-microphone-not-working'),

  // printing
  en('printer shows offline', 'print-job-stuck-or-printer-offline'),
  en(
    'My print job is stuck in the queue and nothing else will print after it.',
    'print-job-stuck-or-printer-offline',
    'why-is-my-print-job-not-coming-out',
  ),
  en(
    'I sent a document to the printer but nothing comes out',
    'why-is-my-print-job-not-coming-out',
    'set-up-secureprint-follow-me-printing',
  ),
  en('how do I release my print with my badge', 'set-up-secureprint-follow-me-printing'),
  en('scan to email from the big copier on floor 3', 'scan-a-document-to-email'),
  en('print a boarding pass from my iphone', 'can-i-print-from-my-phone'),
  de('Drucker druckt nich, Auftrag hängt in der Warteschlange', 'print-job-stuck-or-printer-offline'),
  it('come faccio a scansionare un documento e mandarlo via mail', 'scan-a-document-to-email'),

  // hardware
  en('laptop takes ages to boot', 'fix-a-slow-laptop'),
  en(
    "My laptop freezes for a few seconds every time I open Excel or switch windows, and it's getting worse.",
    'fix-a-slow-laptop',
    'how-often-should-i-restart-my-laptop',
  ),
  en('disk is full, low disk space warning', 'free-up-disk-space-on-your-laptop'),
  en("laptop won't turn on even when plugged in", 'laptop-wont-turn-on-or-battery-drains'),
  en('battery dies after an hour', 'laptop-wont-turn-on-or-battery-drains'),
  en('keyboard on my laptop has broken keys, need it repaired', 'request-laptop-repair-or-replacement'),
  en('how long will my laptop be away for repair', 'how-long-does-a-laptop-repair-take'),
  en("do i really need to restart my laptop, it's been on for weeks", 'how-often-should-i-restart-my-laptop'),
  de('Laptop sehr langsam seit dem letzten Update', 'fix-a-slow-laptop'),
  de('Akku lädt nicht mehr', 'laptop-wont-turn-on-or-battery-drains'),
  it('il pc si blocca continuamente ed è molto lento', 'fix-a-slow-laptop'),

  // peripherals
  en('second monitor not detected through the dock', 'docking-station-not-detecting-monitors'),
  en(
    'When I plug into the docking station in the morning only one of my two screens comes on.',
    'docking-station-not-detecting-monitors',
  ),
  en('external screen flickers', 'external-monitor-flickering-or-wrong-resolution'),
  en('monitor text looks blurry, resolution wrong', 'external-monitor-flickering-or-wrong-resolution'),
  en("bluetooth headset won't pair with laptop", 'pair-bluetooth-headset-keyboard-or-mouse'),
  en('can I bring my own mechanical keyboard', 'can-i-use-my-own-keyboard-mouse-or-headset'),
  en(
    'my headset cable broke, where do I order a replacement',
    'how-do-i-get-a-new-monitor-headset-or-keyboard',
  ),
  de('Dockingstation erkennt den zweiten Bildschirm nicht', 'docking-station-not-detecting-monitors'),
  de('Bildschirm flackert', 'external-monitor-flickering-or-wrong-resolution'),
  it('mouse bluetooth non si collega', 'pair-bluetooth-headset-keyboard-or-mouse'),

  // software
  en(
    'install visual studio code',
    'install-software-from-company-portal-or-self-service',
    'can-i-install-software-myself',
  ),
  en(
    'where do I find company portal to install apps',
    'install-software-from-company-portal-or-self-service',
  ),
  en(
    "I need a tool that's not in the catalogue for editing PDFs. How do I request it?",
    'request-software-not-in-the-catalogue',
  ),
  en('can i install programs myself without admin', 'can-i-install-software-myself', 'request-admin-rights'),
  en("website won't load in chrome but works on my phone", 'fix-browser-problems-in-edge-and-chrome'),
  en('which browser should I use for the intranet', 'which-browsers-are-supported'),
  en('edge keeps crashing when I open more than a few tabs', 'fix-browser-problems-in-edge-and-chrome'),
  de(
    'Software installieren ohne Adminrechte',
    'install-software-from-company-portal-or-self-service',
    'can-i-install-software-myself',
  ),
  it('come installo un programma sul mio pc', 'install-software-from-company-portal-or-self-service'),

  // mobile
  en('set up work email on my new iphone', 'set-up-company-email-on-your-phone'),
  en('can I get outlook on my own android phone', 'can-i-get-work-email-on-my-personal-phone'),
  en('I lost my company phone at the airport', 'lost-company-phone'),
  en(
    'Going to the US for a conference next week. Will my work phone work there, and is roaming switched on?',
    'will-my-company-phone-work-abroad',
  ),
  en('received a new company phone, how do I enroll it', 'enrol-a-new-company-phone'),
  en('compnay phone setup', 'enrol-a-new-company-phone'),
  de('Diensthandy verloren', 'lost-company-phone'),
  it("il telefono aziendale funziona all'estero?", 'will-my-company-phone-work-abroad'),

  // files
  en("onedrive stuck on 'processing changes' for hours", 'fix-onedrive-sync-problems'),
  en('how do I map the S: drive', 'map-a-network-drive'),
  en(
    "I overwrote a spreadsheet this morning and need yesterday's version back",
    'restore-a-deleted-file-or-previous-version',
  ),
  en('deleted a folder on the shared drive by mistake', 'restore-a-deleted-file-or-previous-version'),
  en(
    'share a big file with an external partner',
    'can-i-share-files-with-people-outside-the-company',
    'share-files-and-use-usb-drives-safely',
  ),
  en('how much space do I have in onedrive', 'how-much-onedrive-storage-do-i-have'),
  en('can I copy files to a usb stick to work from home', 'can-i-use-a-usb-stick-to-move-files'),
  de('OneDrive synchronisiert nicht mehr', 'fix-onedrive-sync-problems'),
  de('Netzlaufwerk verbinden', 'map-a-network-drive'),
  it('ho cancellato per sbaglio un file, si può recuperare?', 'restore-a-deleted-file-or-previous-version'),

  // onboarding
  en(
    'new hire starts monday, what do they need on day one',
    'new-starter-first-day-setup',
    'when-will-my-new-starters-account-be-ready',
  ),
  en('when will the account for my new team member be ready', 'when-will-my-new-starters-account-be-ready'),
  en(
    "I moved from sales to finance and still can't open the finance folders, but I can still see the sales ones.",
    'moving-team-role-change-access',
  ),
  en(
    'someone in my team is leaving at the end of the month, what do I need to do',
    'offboarding-a-leaver-manager-checklist',
  ),
  en("what happens to a leaver's mailbox", 'what-happens-to-a-leavers-email-and-files'),
  en(
    'need an account for a contractor starting next week',
    'how-do-i-get-an-account-for-a-contractor-or-guest',
  ),
  de('Neuer Mitarbeiter braucht Laptop und Konto', 'new-starter-first-day-setup'),
  it('un collega lascia l’azienda, cosa succede ai suoi file?', 'what-happens-to-a-leavers-email-and-files'),
];
