import { defineMessages } from '#lib/i18n/catalogue.ts';

/**
 * Signing in and out: /login, single sign-on and its failures, /password-reset, the new-password fields,
 * and the auth domain's refusals (email and password rules, throttling).
 */
export default defineMessages({
  en: {
    signInTitle: 'Sign in',
    signInHeading: 'Sign in to Fixpoint',
    signInLede: 'IT help for everyone at the company. Use your work account.',
    signInWith: 'Sign in with {provider}',
    orWithPassword: 'or with a password',
    workEmail: 'Work email',
    password: 'Password',
    signIn: 'Sign in',
    breakGlass: 'Administrators with an emergency account: {link}.',
    breakGlassLink: 'break-glass sign-in',
    forgot: '{link} We mail you a link to choose a new one.',
    forgotLink: 'Forgot your password?',
    troubleCall: 'Trouble signing in? Call the service desk on {phone}.',
    orCall: 'Or call the service desk on {phone}.',
    incorrect: 'Email or password is incorrect.',
    enterEmail: 'Enter your email address.',
    enterPassword: 'Enter your password.',
    throttledSeconds:
      'Too many failed sign-ins. Wait {seconds, plural, one {# second} other {# seconds}} and try again, or call the service desk on +1 555 0100.',
    throttledMinutes:
      'Too many failed sign-ins. Wait {minutes, plural, one {# minute} other {# minutes}} and try again, or call the service desk on +1 555 0100.',
    ssoOnly: 'Password sign-in is turned off: use "Sign in with {provider}" above.',
    companyAccount: 'your company account',
    disabled: 'This account is disabled. If you need it again, call the service desk on +1 555 0100.',
    passwordChanged: 'Your password was changed. Sign in with the new one.',
    signedOut: 'You are signed out.',
    ssoTooMany:
      'Too many sign-ins were started from here. Wait {seconds, plural, one {# second} other {# seconds}} and try again.',
    ssoNoLogin:
      'This sign-in did not start in this browser, or it has already finished, so it was not accepted. Start again with the button below.',
    ssoExpired: 'The sign-in took longer than 10 minutes and has expired. Start again with the button below.',
    ssoReplayed:
      'This sign-in answer has already been used once, so it was refused. Start again with the button below.',
    ssoStateMismatch:
      'This sign-in answer does not belong to the sign-in this browser started, so it was refused. Start again with the button below.',
    ssoProviderError:
      '{provider} did not sign you in (the sign-in may have been cancelled). Start again with the button below. If it keeps happening, call the service desk on +1 555 0100.',
    ssoProviderUnavailable:
      '{provider} is not answering right now, so single sign-on cannot work. Try again in a few minutes. If it keeps happening, call the service desk on +1 555 0100.',
    ssoCodeRejected:
      "{provider}'s answer could not be used: it was already used or has expired. Start again with the button below.",
    ssoTokenRejected:
      "{provider}'s answer failed our security checks, so you are not signed in. Start again with the button below. If it keeps happening, call the service desk on +1 555 0100.",
    ssoNoEmail:
      '{provider} did not tell us your e-mail address, which your account here needs. Ask IT to release the email claim to Fixpoint.',
    ssoEmailUnverified:
      'An account with your e-mail address already exists here, but {provider} has not confirmed the address is yours, so the two were not joined. If it keeps happening, call the service desk on +1 555 0100.',
    ssoIdentityConflict:
      'Your e-mail address belongs to an account that is already joined to another {provider} account. If it keeps happening, call the service desk on +1 555 0100.',
    ssoBreakGlass:
      'This e-mail address belongs to an emergency (break-glass) account, which signs in with its password only.',
    emailTooLong: 'An email address has at most 254 characters.',
    emailInvalid: 'Enter an email address such as name@example.com.',
    passwordTooShort:
      'Use at least 12 characters. A few words in a row make a long password that is easy to remember.',
    passwordTooLong: 'Use at most 128 characters.',
    passwordCommon: 'This password is on a list of passwords that attackers try first. Choose another one.',
    passwordGuessable: 'This password is too easy to guess. Choose another one.',
    passwordHasEmail: 'Do not use your email address in your password.',
    newPassword: 'New password',
    newPasswordAgain: 'New password again',
    resetTitle: 'Reset your password',
    resetLede:
      'Type the e-mail address of your account. We send a link to choose a new password to that address.',
    resetSend: 'Send the link',
    resetSent:
      'If {email} belongs to a Fixpoint account, an e-mail with a link to choose a new password is on its way. The link works for {minutes} minutes.',
    resetSentHelp:
      'Nothing arrived after a few minutes? Check your junk mail, or call the service desk on +1 555 0100.',
    resetEmailRequired: 'Enter the email address of your account.',
    resetEmailInvalid: 'Enter an email address like name@example.com.',
    resetThrottled:
      'Too many reset requests. Wait {minutes, plural, one {# minute} other {# minutes}} and try again, or call the service desk on +1 555 0100.',
    backToSignIn: 'Back to sign in',
    newPasswordTitle: 'Choose a new password',
    newPasswordFor: 'For {email}. Setting it signs you out on every device.',
    newPasswordHint: 'At least 12 characters. A short sentence works well.',
    setNewPassword: 'Set the new password',
    enterNewPassword: 'Enter a new password.',
    passwordsDiffer: 'The two passwords are not the same.',
    linkDeadTitle: 'This link no longer works',
    linkDeadText:
      'Reset links work once, for 30 minutes, and only the newest one. Ask for a new link and use it within half an hour.',
    askNewLink: 'Ask for a new link',
  },
  de: {
    signInTitle: 'Anmelden',
    signInHeading: 'Bei Fixpoint anmelden',
    signInLede: 'IT-Hilfe für alle im Unternehmen. Melden Sie sich mit Ihrem Arbeitskonto an.',
    signInWith: 'Mit {provider} anmelden',
    orWithPassword: 'oder mit Kennwort',
    workEmail: 'Geschäftliche E-Mail-Adresse',
    password: 'Kennwort',
    signIn: 'Anmelden',
    breakGlass: 'Administratoren mit Notfallkonto: {link}.',
    breakGlassLink: 'Notfall-Anmeldung (Break-Glass)',
    forgot: '{link} Wir senden Ihnen einen Link, mit dem Sie ein neues festlegen.',
    forgotLink: 'Kennwort vergessen?',
    troubleCall: 'Probleme bei der Anmeldung? Rufen Sie den Service Desk an: {phone}.',
    orCall: 'Oder rufen Sie den Service Desk an: {phone}.',
    incorrect: 'E-Mail-Adresse oder Kennwort ist falsch.',
    enterEmail: 'Geben Sie Ihre E-Mail-Adresse ein.',
    enterPassword: 'Geben Sie Ihr Kennwort ein.',
    throttledSeconds:
      'Zu viele fehlgeschlagene Anmeldungen. Warten Sie {seconds, plural, one {# Sekunde} other {# Sekunden}} und versuchen Sie es erneut, oder rufen Sie den Service Desk an: +1 555 0100.',
    throttledMinutes:
      'Zu viele fehlgeschlagene Anmeldungen. Warten Sie {minutes, plural, one {# Minute} other {# Minuten}} und versuchen Sie es erneut, oder rufen Sie den Service Desk an: +1 555 0100.',
    ssoOnly: 'Die Anmeldung mit Kennwort ist deaktiviert: Verwenden Sie oben „Mit {provider} anmelden“.',
    companyAccount: 'Ihrem Firmenkonto',
    disabled:
      'Dieses Konto ist deaktiviert. Wenn Sie es wieder brauchen, rufen Sie den Service Desk an: +1 555 0100.',
    passwordChanged: 'Ihr Kennwort wurde geändert. Melden Sie sich mit dem neuen an.',
    signedOut: 'Sie sind abgemeldet.',
    ssoTooMany:
      'Von hier wurden zu viele Anmeldungen gestartet. Warten Sie {seconds, plural, one {# Sekunde} other {# Sekunden}} und versuchen Sie es erneut.',
    ssoNoLogin:
      'Diese Anmeldung wurde nicht in diesem Browser gestartet oder ist bereits abgeschlossen und wurde daher nicht angenommen. Starten Sie neu mit der Schaltfläche unten.',
    ssoExpired:
      'Die Anmeldung hat länger als 10 Minuten gedauert und ist abgelaufen. Starten Sie neu mit der Schaltfläche unten.',
    ssoReplayed:
      'Diese Anmeldeantwort wurde bereits einmal verwendet und daher abgelehnt. Starten Sie neu mit der Schaltfläche unten.',
    ssoStateMismatch:
      'Diese Anmeldeantwort gehört nicht zu der Anmeldung, die dieser Browser gestartet hat, und wurde daher abgelehnt. Starten Sie neu mit der Schaltfläche unten.',
    ssoProviderError:
      '{provider} hat Sie nicht angemeldet (vielleicht wurde die Anmeldung abgebrochen). Starten Sie neu mit der Schaltfläche unten. Wenn das wieder passiert, rufen Sie den Service Desk an: +1 555 0100.',
    ssoProviderUnavailable:
      '{provider} antwortet gerade nicht, daher funktioniert Single Sign-on nicht. Versuchen Sie es in ein paar Minuten erneut. Wenn das wieder passiert, rufen Sie den Service Desk an: +1 555 0100.',
    ssoCodeRejected:
      'Die Antwort von {provider} war nicht verwendbar: Sie wurde bereits verwendet oder ist abgelaufen. Starten Sie neu mit der Schaltfläche unten.',
    ssoTokenRejected:
      'Die Antwort von {provider} hat unsere Sicherheitsprüfungen nicht bestanden, daher sind Sie nicht angemeldet. Starten Sie neu mit der Schaltfläche unten. Wenn das wieder passiert, rufen Sie den Service Desk an: +1 555 0100.',
    ssoNoEmail:
      '{provider} hat uns Ihre E-Mail-Adresse nicht mitgeteilt, die Ihr Konto hier braucht. Bitten Sie die IT, den E-Mail-Claim für Fixpoint freizugeben.',
    ssoEmailUnverified:
      'Ein Konto mit Ihrer E-Mail-Adresse gibt es hier bereits, aber {provider} hat nicht bestätigt, dass die Adresse Ihnen gehört. Daher wurden die beiden nicht verknüpft. Wenn das wieder passiert, rufen Sie den Service Desk an: +1 555 0100.',
    ssoIdentityConflict:
      'Ihre E-Mail-Adresse gehört zu einem Konto, das bereits mit einem anderen {provider}-Konto verknüpft ist. Wenn das wieder passiert, rufen Sie den Service Desk an: +1 555 0100.',
    ssoBreakGlass:
      'Diese E-Mail-Adresse gehört zu einem Notfallkonto (Break-Glass), das sich nur mit seinem Kennwort anmeldet.',
    emailTooLong: 'Eine E-Mail-Adresse hat höchstens 254 Zeichen.',
    emailInvalid: 'Geben Sie eine E-Mail-Adresse wie name@example.com ein.',
    passwordTooShort:
      'Verwenden Sie mindestens 12 Zeichen. Ein paar Wörter hintereinander ergeben ein langes Kennwort, das man sich leicht merkt.',
    passwordTooLong: 'Verwenden Sie höchstens 128 Zeichen.',
    passwordCommon:
      'Dieses Kennwort steht auf einer Liste von Kennwörtern, die Angreifer zuerst ausprobieren. Wählen Sie ein anderes.',
    passwordGuessable: 'Dieses Kennwort ist zu leicht zu erraten. Wählen Sie ein anderes.',
    passwordHasEmail: 'Verwenden Sie Ihre E-Mail-Adresse nicht im Kennwort.',
    newPassword: 'Neues Kennwort',
    newPasswordAgain: 'Neues Kennwort wiederholen',
    resetTitle: 'Kennwort zurücksetzen',
    resetLede:
      'Geben Sie die E-Mail-Adresse Ihres Kontos ein. Wir senden einen Link zum Festlegen eines neuen Kennworts an diese Adresse.',
    resetSend: 'Link senden',
    resetSent:
      'Wenn {email} zu einem Fixpoint-Konto gehört, ist eine E-Mail mit einem Link zum Festlegen eines neuen Kennworts unterwegs. Der Link gilt {minutes} Minuten.',
    resetSentHelp:
      'Nach ein paar Minuten nichts angekommen? Sehen Sie im Junk-E-Mail-Ordner nach, oder rufen Sie den Service Desk an: +1 555 0100.',
    resetEmailRequired: 'Geben Sie die E-Mail-Adresse Ihres Kontos ein.',
    resetEmailInvalid: 'Geben Sie eine E-Mail-Adresse wie name@example.com ein.',
    resetThrottled:
      'Zu viele Anfragen zum Zurücksetzen. Warten Sie {minutes, plural, one {# Minute} other {# Minuten}} und versuchen Sie es erneut, oder rufen Sie den Service Desk an: +1 555 0100.',
    backToSignIn: 'Zurück zur Anmeldung',
    newPasswordTitle: 'Neues Kennwort festlegen',
    newPasswordFor: 'Für {email}. Danach sind Sie auf allen Geräten abgemeldet.',
    newPasswordHint: 'Mindestens 12 Zeichen. Ein kurzer Satz eignet sich gut.',
    setNewPassword: 'Neues Kennwort speichern',
    enterNewPassword: 'Geben Sie ein neues Kennwort ein.',
    passwordsDiffer: 'Die beiden Kennwörter stimmen nicht überein.',
    linkDeadTitle: 'Dieser Link funktioniert nicht mehr',
    linkDeadText:
      'Links zum Zurücksetzen gelten einmal, 30 Minuten lang, und nur der neueste. Fordern Sie einen neuen Link an und verwenden Sie ihn innerhalb einer halben Stunde.',
    askNewLink: 'Neuen Link anfordern',
  },
  it: {
    signInTitle: 'Accedi',
    signInHeading: 'Accedi a Fixpoint',
    signInLede: 'Assistenza IT per tutti in azienda. Usi il Suo account di lavoro.',
    signInWith: 'Accedi con {provider}',
    orWithPassword: 'oppure con la password',
    workEmail: 'Email di lavoro',
    password: 'Password',
    signIn: 'Accedi',
    breakGlass: 'Amministratori con un account di emergenza: {link}.',
    breakGlassLink: 'accesso di emergenza (break-glass)',
    forgot: '{link} Le inviamo un link per sceglierne una nuova.',
    forgotLink: 'Password dimenticata?',
    troubleCall: 'Problemi di accesso? Chiami il service desk al numero {phone}.',
    orCall: 'Oppure chiami il service desk al numero {phone}.',
    incorrect: 'Email o password non corretti.',
    enterEmail: 'Inserisca il Suo indirizzo email.',
    enterPassword: 'Inserisca la Sua password.',
    throttledSeconds:
      'Troppi accessi non riusciti. Attenda {seconds, plural, one {# secondo} other {# secondi}} e riprovi, oppure chiami il service desk al numero +1 555 0100.',
    throttledMinutes:
      'Troppi accessi non riusciti. Attenda {minutes, plural, one {# minuto} other {# minuti}} e riprovi, oppure chiami il service desk al numero +1 555 0100.',
    ssoOnly: 'L’accesso con password è disattivato: usi “Accedi con {provider}” qui sopra.',
    companyAccount: 'il Suo account aziendale',
    disabled:
      'Questo account è disattivato. Se Le serve di nuovo, chiami il service desk al numero +1 555 0100.',
    passwordChanged: 'La password è stata modificata. Acceda con quella nuova.',
    signedOut: 'Disconnessione effettuata.',
    ssoTooMany:
      'Da qui sono stati avviati troppi accessi. Attenda {seconds, plural, one {# secondo} other {# secondi}} e riprovi.',
    ssoNoLogin:
      'Questo accesso non è stato avviato in questo browser oppure è già concluso, quindi non è stato accettato. Ricominci con il pulsante qui sotto.',
    ssoExpired: 'L’accesso ha richiesto più di 10 minuti ed è scaduto. Ricominci con il pulsante qui sotto.',
    ssoReplayed:
      'Questa risposta di accesso è già stata usata una volta, quindi è stata rifiutata. Ricominci con il pulsante qui sotto.',
    ssoStateMismatch:
      'Questa risposta di accesso non appartiene alla procedura di accesso avviata da questo browser, quindi è stata rifiutata. Ricominci con il pulsante qui sotto.',
    ssoProviderError:
      '{provider} non ha completato l’accesso (forse è stato annullato). Ricominci con il pulsante qui sotto. Se succede ancora, chiami il service desk al numero +1 555 0100.',
    ssoProviderUnavailable:
      '{provider} al momento non risponde, quindi il single sign-on non funziona. Riprovi tra qualche minuto. Se succede ancora, chiami il service desk al numero +1 555 0100.',
    ssoCodeRejected:
      'Non è stato possibile usare la risposta di {provider}: era già stata usata oppure è scaduta. Ricominci con il pulsante qui sotto.',
    ssoTokenRejected:
      'La risposta di {provider} non ha superato i nostri controlli di sicurezza, quindi l’accesso non è avvenuto. Ricominci con il pulsante qui sotto. Se succede ancora, chiami il service desk al numero +1 555 0100.',
    ssoNoEmail:
      '{provider} non ci ha comunicato il Suo indirizzo email, che serve al Suo account qui. Chieda al reparto IT di rilasciare il claim email a Fixpoint.',
    ssoEmailUnverified:
      'Qui esiste già un account con il Suo indirizzo email, ma {provider} non ha confermato che l’indirizzo è Suo, quindi i due account non sono stati collegati. Se succede ancora, chiami il service desk al numero +1 555 0100.',
    ssoIdentityConflict:
      'Il Suo indirizzo email appartiene a un account già collegato a un altro account {provider}. Se succede ancora, chiami il service desk al numero +1 555 0100.',
    ssoBreakGlass:
      'Questo indirizzo email appartiene a un account di emergenza (break-glass), che accede solo con la propria password.',
    emailTooLong: 'Un indirizzo email ha al massimo 254 caratteri.',
    emailInvalid: 'Inserisca un indirizzo email come nome@example.com.',
    passwordTooShort:
      'Usi almeno 12 caratteri. Alcune parole di seguito formano una password lunga e facile da ricordare.',
    passwordTooLong: 'Usi al massimo 128 caratteri.',
    passwordCommon:
      'Questa password è in un elenco di password che gli attaccanti provano per prime. Ne scelga un’altra.',
    passwordGuessable: 'Questa password è troppo facile da indovinare. Ne scelga un’altra.',
    passwordHasEmail: 'Non usi il Suo indirizzo email nella password.',
    newPassword: 'Nuova password',
    newPasswordAgain: 'Ripeta la nuova password',
    resetTitle: 'Reimposta la password',
    resetLede:
      'Inserisca l’indirizzo email del Suo account. A quell’indirizzo Le inviamo un link per scegliere una nuova password.',
    resetSend: 'Invia il link',
    resetSent:
      'Se {email} appartiene a un account Fixpoint, è in arrivo un’email con un link per scegliere una nuova password. Il link è valido per {minutes} minuti.',
    resetSentHelp:
      'Dopo qualche minuto non è arrivato nulla? Controlli la posta indesiderata oppure chiami il service desk al numero +1 555 0100.',
    resetEmailRequired: 'Inserisca l’indirizzo email del Suo account.',
    resetEmailInvalid: 'Inserisca un indirizzo email come nome@example.com.',
    resetThrottled:
      'Troppe richieste di reimpostazione. Attenda {minutes, plural, one {# minuto} other {# minuti}} e riprovi, oppure chiami il service desk al numero +1 555 0100.',
    backToSignIn: 'Torna alla pagina di accesso',
    newPasswordTitle: 'Imposta una nuova password',
    newPasswordFor: 'Per {email}. Impostandola, le sessioni su tutti i dispositivi vengono chiuse.',
    newPasswordHint: 'Almeno 12 caratteri. Una breve frase va benissimo.',
    setNewPassword: 'Imposta la nuova password',
    enterNewPassword: 'Inserisca una nuova password.',
    passwordsDiffer: 'Le due password non coincidono.',
    linkDeadTitle: 'Questo link non funziona più',
    linkDeadText:
      'I link di reimpostazione valgono una sola volta, per 30 minuti, e solo il più recente. Ne richieda uno nuovo e lo usi entro mezz’ora.',
    askNewLink: 'Richiedi un nuovo link',
  },
});
