/**
 * German and Italian words employees use for IT problems, mapped to the English of the knowledge
 * base (which is written in English): without this, "Passwort vergessen" finds nothing. General IT
 * vocabulary, not phrases; a value may hold two words.
 */
export const TRANSLATIONS: Record<string, string> = {
  // English negations say "this is broken": they lead to troubleshooting articles (as the
  // Meilisearch synonym group does), instead of matching every article that says "can't".
  cant: 'troubleshoot', cannot: 'troubleshoot', unable: 'troubleshoot', wont: 'troubleshoot', doesnt: 'troubleshoot', isnt: 'troubleshoot',
  // German
  passwort: 'password', kennwort: 'password', vergessen: 'forgot', gesperrt: 'locked', sperre: 'locked', entsperren: 'unlock',
  anmelden: 'sign', anmeldung: 'sign', zurücksetzen: 'reset', abgelaufen: 'expired', drucker: 'printer', drucken: 'print',
  druckauftrag: 'print', scannen: 'scan', bildschirm: 'monitor', netzwerk: 'network', verbindung: 'connect', verbinden: 'connect',
  langsam: 'slow', speicher: 'storage', festplatte: 'disk', voll: 'full', postfach: 'mailbox', kalender: 'calendar',
  besprechung: 'meeting', besprechungsraum: 'meeting room', raum: 'room', buchen: 'book', kamera: 'camera', mikrofon: 'microphone',
  ton: 'audio', hören: 'hear', hört: 'hear', handy: 'phone', telefon: 'phone', rechner: 'computer', akku: 'battery', aufladen: 'charge',
  zugang: 'access', zugriff: 'access', berechtigung: 'access', rechte: 'rights', administratorrechte: 'admin rights', gruppe: 'group',
  datei: 'file', dateien: 'files', ordner: 'folder', laufwerk: 'drive', freigabe: 'share', freigeben: 'share', geteilt: 'shared',
  gelöscht: 'deleted', wiederherstellen: 'restore', installieren: 'install', programm: 'software', lizenz: 'license',
  genehmigung: 'approval', kopfhörer: 'headset', tastatur: 'keyboard', maus: 'mouse', dockingstation: 'dock', verloren: 'lost',
  gestohlen: 'stolen', liegengelassen: 'lost', zug: 'train', neuer: 'new', neues: 'new', mitarbeiter: 'starter', erster: 'first',
  arbeitstag: 'day', einrichten: 'setup', richte: 'setup', urlaub: 'out-of-office', abwesenheit: 'out-of-office', signatur: 'signature',
  funktioniert: 'working', fehler: 'error', zuhause: 'home', hause: 'home', ausland: 'abroad', reise: 'travel', anhang: 'attachment',
  anhänge: 'attachment', groß: 'large', gross: 'large', zertifikat: 'certificate', webseite: 'website', seite: 'page', gast: 'guest',
  gäste: 'guest', wlan: 'wifi', kabel: 'cable', verdächtig: 'suspicious', verdächtige: 'suspicious', melden: 'report', melde: 'report',
  reparatur: 'repair', ersatz: 'replacement', ersatzgerät: 'replacement', aktualisierung: 'update', update: 'update',
  // Italian
  stampante: 'printer', stampare: 'print', stampa: 'print', scansione: 'scan', scansionare: 'scan', schermo: 'monitor', rete: 'network',
  connessione: 'connect', connettere: 'connect', collegare: 'connect', lento: 'slow', lenta: 'slow', disco: 'disk', pieno: 'full',
  spazio: 'space', posta: 'email', casella: 'mailbox', calendario: 'calendar', riunione: 'meeting', riunioni: 'meeting', sala: 'room',
  prenotare: 'book', prenoto: 'book', telecamera: 'camera', microfono: 'microphone', sento: 'hear', eco: 'echo', cellulare: 'phone',
  telefono: 'phone', portatile: 'laptop', batteria: 'battery', carica: 'charge', scarica: 'drains', accesso: 'access',
  permessi: 'access', diritti: 'rights', amministratore: 'admin', gruppo: 'group', bloccato: 'locked', bloccata: 'locked',
  sbloccare: 'unlock', dimenticato: 'forgot', dimenticata: 'forgot', scaduta: 'expired', scaduto: 'expired', reimpostare: 'reset',
  cancellato: 'deleted', eliminato: 'deleted', ripristinare: 'restore', recuperare: 'recover', installare: 'install',
  programma: 'software', programmi: 'software', applicazione: 'application', gestionale: 'application', licenza: 'license',
  richiesta: 'request', richiedere: 'request', chiedo: 'request', cuffie: 'headset', tastiera: 'keyboard', perso: 'lost',
  persa: 'lost', rubato: 'stolen', nuovo: 'new', primo: 'first', giorno: 'day', configurare: 'setup', firma: 'signature',
  ferie: 'out-of-office', errore: 'error', casa: 'home', funziona: 'working', aggiornamento: 'update', aggiornare: 'update',
  cartella: 'folder', condivisa: 'shared', condiviso: 'shared', condividere: 'share', reparto: 'department', unità: 'drive',
  documento: 'document', documenti: 'document', fogli: 'document', estero: 'abroad', viaggio: 'travel', allegato: 'attachment',
  allegati: 'attachment', grande: 'large', sospetta: 'suspicious', sospetto: 'suspicious', segnalare: 'report', ospite: 'guest',
  ospiti: 'guest', cavo: 'cable', certificato: 'certificate', sito: 'website', pagina: 'page', riparazione: 'repair',
  sostituzione: 'replacement',
};
