import { defineMessages } from '#lib/i18n/catalogue.ts';

/**
 * Major incidents beyond the first slice: notices (bell and mail) for affected people, the storm
 * proposal in the queue, declaring from a ticket, the managers' timeline and the reports' section.
 */
export default defineMessages({
  en: {
    // The bell
    noticeUpdate: 'Update on a major incident you are affected by',
    noticeResolved: 'A major incident you are affected by is resolved',
    noticeLine: '{message}: {subject}',
    // Mail
    mailKindUpdate: 'A major incident I am affected by has an update',
    mailWhenUpdate: 'a major incident you are affected by has an update',
    mailKindResolved: 'A major incident I am affected by is resolved',
    mailWhenResolved: 'a major incident you are affected by is resolved',
    mailSubjectUpdate: 'Major incident: {title} ({status})',
    mailSubjectResolved: 'Resolved: {title}',
    mailLeadUpdate: 'There is an update on the major incident "{title}" ({status}, {when}):',
    mailLeadResolved: 'The major incident "{title}" was resolved on {when}:',
    mailOpen: 'See every update',
    mailFooter:
      'You get this e-mail from Fixpoint, the IT help desk, because you are affected by this major incident. Choose which e-mails you get on {url}.',
  },
  de: {
    noticeUpdate: 'Neuigkeit zu einer Störung, von der Sie betroffen sind',
    noticeResolved: 'Eine Störung, von der Sie betroffen sind, ist behoben',
    noticeLine: '{message}: {subject}',
    mailKindUpdate: 'Es gibt Neuigkeiten zu einer Störung, von der ich betroffen bin',
    mailWhenUpdate: 'es Neuigkeiten zu einer Störung gibt, von der Sie betroffen sind',
    mailKindResolved: 'Eine Störung, von der ich betroffen bin, ist behoben',
    mailWhenResolved: 'eine Störung behoben ist, von der Sie betroffen sind',
    mailSubjectUpdate: 'Größere Störung: {title} ({status})',
    mailSubjectResolved: 'Behoben: {title}',
    mailLeadUpdate: 'Es gibt Neuigkeiten zur Störung „{title}“ ({status}, {when}):',
    mailLeadResolved: 'Die Störung „{title}“ wurde am {when} behoben:',
    mailOpen: 'Alle Neuigkeiten ansehen',
    mailFooter:
      'Sie erhalten diese E-Mail von Fixpoint, der IT-Hilfe, weil Sie von dieser Störung betroffen sind. Welche E-Mails Sie erhalten, legen Sie unter {url} fest.',
  },
  it: {
    noticeUpdate: 'Aggiornamento su un disservizio grave che La riguarda',
    noticeResolved: 'Un disservizio grave che La riguarda è stato risolto',
    noticeLine: '{message}: {subject}',
    mailKindUpdate: 'Un disservizio grave che mi riguarda ha un aggiornamento',
    mailWhenUpdate: 'un disservizio grave che La riguarda ha un aggiornamento',
    mailKindResolved: 'Un disservizio grave che mi riguarda è stato risolto',
    mailWhenResolved: 'un disservizio grave che La riguarda è stato risolto',
    mailSubjectUpdate: 'Disservizio grave: {title} ({status})',
    mailSubjectResolved: 'Risolto: {title}',
    mailLeadUpdate: 'C’è un aggiornamento sul disservizio grave “{title}” ({status}, {when}):',
    mailLeadResolved: 'Il disservizio grave “{title}” è stato risolto il {when}:',
    mailOpen: 'Vedere tutti gli aggiornamenti',
    mailFooter:
      'Riceve questa email da Fixpoint, l’assistenza IT, perché questo disservizio grave La riguarda. Può scegliere quali email ricevere su {url}.',
  },
});
