/** Free-mail domains anyone can register a mailbox on (for `$isPublicEmailDomain`). */
export const PUBLIC_EMAIL_DOMAINS: ReadonlySet<string> = new Set([
  'gmail.com', 'googlemail.com', 'outlook.com', 'hotmail.com', 'hotmail.co.uk', 'live.com', 'msn.com',
  'yahoo.com', 'yahoo.co.uk', 'yahoo.co.jp', 'ymail.com', 'rocketmail.com', 'aol.com', 'icloud.com', 'me.com',
  'mac.com', 'proton.me', 'protonmail.com', 'pm.me', 'tutanota.com', 'tuta.io', 'gmx.com', 'gmx.de', 'gmx.net',
  'web.de', 'mail.com', 'zoho.com', 'zohomail.com', 'yandex.com', 'yandex.ru', 'mail.ru', 'qq.com', '163.com',
  '126.com', 'fastmail.com', 'hey.com', 'duck.com', 'inbox.com', 'hushmail.com', 'mailfence.com', 't-online.de',
  'orange.fr', 'free.fr', 'laposte.net', 'libero.it', 'naver.com', 'daum.net', 'rediffmail.com',
]);
