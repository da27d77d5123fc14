<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_GB" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../desk/ui/about_dialog.py" line="+26"/>
        <location line="+1"/>
        <source>About Desk</source>
        <translation>About Desk</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The version of Desk and where its logs are</source>
        <translation>The version of Desk and where its logs are</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Desk {version}</source>
        <translation>Desk {version}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Answers a shared mailbox cluster by cluster.</source>
        <translation>Answers a shared mailbox cluster by cluster.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Qt {qt}, PySide6 {pyside}, Python {python}</source>
        <translation>Qt {qt}, PySide6 {pyside}, Python {python}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Logs: {folder}</source>
        <translation>Logs: {folder}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Close the About box</source>
        <translation>Close the About box</translation>
    </message>
</context>
<context>
    <name>AccountDialog</name>
    <message>
        <location filename="../desk/ui/account_dialog.py" line="+85"/>
        <source>Shared mailbox</source>
        <translation>Shared mailbox</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shared mailbox set-up</source>
        <translation>Shared mailbox set-up</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The servers, folders and passwords Desk uses to read and answer the mailbox.</source>
        <translation>The servers, folders and passwords Desk uses to read and answer the mailbox.</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>&amp;Test connection</source>
        <translation>&amp;Test connection</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Test connection</source>
        <translation>Test connection</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Log in to both servers with these settings, without saving them.</source>
        <translation>Log in to both servers with these settings, without saving them.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Working</source>
        <translation>Working</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Desk is talking to the servers.</source>
        <translation>Desk is talking to the servers.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>What needs fixing before the account can be used.</source>
        <translation>What needs fixing before the account can be used.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>What the incoming mail server answered to the test.</source>
        <translation>What the incoming mail server answered to the test.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>What the outgoing mail server answered to the test.</source>
        <translation>What the outgoing mail server answered to the test.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Configured folders the server does not have.</source>
        <translation>Configured folders the server does not have.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Save</source>
        <translation>Save</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Check the settings, then keep them and the passwords.</source>
        <translation>Check the settings, then keep them and the passwords.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close without saving anything.</source>
        <translation>Close without saving anything.</translation>
    </message>
    <message>
        <location line="+118"/>
        <source>Type the IMAP password to test the connection.</source>
        <translation>Type the IMAP password to test the connection.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Testing the connection…</source>
        <translation>Testing the connection…</translation>
    </message>
    <message>
        <location filename="../desk/ui/account_reports.py" line="+27"/>
        <source>The {kind} server {server} refused the login of {user} for the account {account}: {reason}. Check the user name and password.</source>
        <translation>The {kind} server {server} refused the login of {user} for the account {account}: {reason}. Check the user name and password.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The system keyring cannot be used for the account {account} ({reason}).</source>
        <translation>The system keyring cannot be used for the account {account} ({reason}).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The {kind} server {server} cannot be reached ({reason}).</source>
        <translation>The {kind} server {server} cannot be reached ({reason}).</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>IMAP: connected. Folders on the server ({count}): {names}.</source>
        <translation>IMAP: connected. Folders on the server ({count}): {names}.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Warning: these folders do not exist on the server: {folders}. Create them or correct their names.</source>
        <translation>Warning: these folders do not exist on the server: {folders}. Create them or correct their names.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>IMAP failed: {reason}</source>
        <translation>IMAP failed: {reason}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>SMTP: no server set, so no replies can be sent.</source>
        <translation>SMTP: no server set, so no replies can be sent.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>SMTP: connected.</source>
        <translation>SMTP: connected.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>SMTP failed: {reason}</source>
        <translation>SMTP failed: {reason}</translation>
    </message>
    <message>
        <location filename="../desk/ui/account_dialog.py" line="+42"/>
        <source>Type the IMAP password: Desk keeps it in the system keyring.</source>
        <translation>Type the IMAP password: Desk keeps it in the system keyring.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Saving…</source>
        <translation>Saving…</translation>
    </message>
</context>
<context>
    <name>AnswerPanel</name>
    <message>
        <location filename="../desk/ui/answer_panel.py" line="+79"/>
        <source>Search templates (Ctrl+T)</source>
        <translation>Search templates (Ctrl+T)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Template search</source>
        <translation>Template search</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Type words of a template&apos;s name, category or text; Down moves to the list</source>
        <translation>Type words of a template&apos;s name, category or text; Down moves to the list</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Templates</source>
        <translation>Templates</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reply templates matching the search; Enter chooses one</source>
        <translation>Reply templates matching the search; Enter chooses one</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Template:</source>
        <translation>&amp;Template:</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Answer text</source>
        <translation>Answer text</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The chosen template&apos;s text with its placeholders; changes apply to this answer only and the preview follows them</source>
        <translation>The chosen template&apos;s text with its placeholders; changes apply to this answer only and the preview follows them</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Answer te&amp;xt (placeholders in braces):</source>
        <translation>Answer te&amp;xt (placeholders in braces):</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>◀ &amp;Previous</source>
        <translation>◀ &amp;Previous</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Previous recipient</source>
        <translation>Previous recipient</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show the reply the previous recipient gets (Alt+Left)</source>
        <translation>Show the reply the previous recipient gets (Alt+Left)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Next ▶</source>
        <translation>&amp;Next ▶</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Next recipient</source>
        <translation>Next recipient</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show the reply the next recipient gets (Alt+Right)</source>
        <translation>Show the reply the next recipient gets (Alt+Right)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Reply preview</source>
        <translation>Reply preview</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Exactly what the shown recipient will receive</source>
        <translation>Exactly what the shown recipient will receive</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Send the answer</source>
        <translation>Send the answer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Queue one reply per recipient; you confirm first (Ctrl+Return)</source>
        <translation>Queue one reply per recipient; you confirm first (Ctrl+Return)</translation>
    </message>
    <message>
        <location line="+87"/>
        <source>{name} — {category}</source>
        <translation>{name} — {category}</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>Free text</source>
        <translation>Free text</translation>
    </message>
    <message>
        <location line="+69"/>
        <source>The preview failed: {error}</source>
        <translation>The preview failed: {error}</translation>
    </message>
    <message>
        <location line="+64"/>
        <source>Recipient {n} of {total}: {who}</source>
        <translation>Recipient {n} of {total}: {who}</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>No open message is chosen.</source>
        <translation>No open message is chosen.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose a template first (Ctrl+T).</source>
        <translation>Choose a template first (Ctrl+T).</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Preparing the preview…</source>
        <translation>Preparing the preview…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The preview is not ready.</source>
        <translation>The preview is not ready.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>None of these messages can be answered any more.</source>
        <translation>None of these messages can be answered any more.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Fix the problems above before sending.</source>
        <translation>Fix the problems above before sending.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Line {line}: {problem}</source>
        <translation>Line {line}: {problem}</translation>
    </message>
    <message numerus="yes">
        <location line="+10"/>
        <source>{placeholder} has no value for %n recipient(s): {who} and {more} more</source>
        <translation>
            <numerusform>{placeholder} has no value for %n recipient: {who} and {more} more</numerusform>
            <numerusform>{placeholder} has no value for %n recipients: {who} and {more} more</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>{placeholder} has no value for %n recipient(s): {who}</source>
        <translation>
            <numerusform>{placeholder} has no value for %n recipient: {who}</numerusform>
            <numerusform>{placeholder} has no value for %n recipients: {who}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+7"/>
        <source>%n message(s) left out: answered meanwhile, closed or without address.</source>
        <translation>
            <numerusform>%n message left out: answered meanwhile, closed or without address.</numerusform>
            <numerusform>%n messages left out: answered meanwhile, closed or without address.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+16"/>
        <source>&amp;Answer {count} messages</source>
        <translation>&amp;Answer {count} messages</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Answer</source>
        <translation>&amp;Answer</translation>
    </message>
</context>
<context>
    <name>AsksMoreBanner</name>
    <message>
        <location filename="../desk/ui/asks_more.py" line="+100"/>
        <source>Also asks something else</source>
        <translation>Also asks something else</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This message asks more than its cluster: what else, and how to deal with it</source>
        <translation>This message asks more than its cluster: what else, and how to deal with it</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Answer it separately or move it out of the cluster.</source>
        <translation>Answer it separately or move it out of the cluster.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Move out of the &amp;cluster</source>
        <translation>Move out of the &amp;cluster</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Move out of the cluster</source>
        <translation>Move out of the cluster</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Take this message out of the cluster, to answer it on its own</source>
        <translation>Take this message out of the cluster, to answer it on its own</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>This message also asks something else: “{request}”.</source>
        <translation>This message also asks something else: “{request}”.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>It is marked in the text below with a dotted underline.</source>
        <translation>It is marked in the text below with a dotted underline.</translation>
    </message>
</context>
<context>
    <name>Categories</name>
    <message>
        <location filename="../desk/ui/models.py" line="+70"/>
        <source>Complaint</source>
        <translation>Complaint</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Accessibility</source>
        <translation>Accessibility</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Exams</source>
        <translation>Exams</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Payment</source>
        <translation>Payment</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Urgent</source>
        <translation>Urgent</translation>
    </message>
</context>
<context>
    <name>ChoicePage</name>
    <message>
        <location filename="../desk/ui/first_start_dialog.py" line="+84"/>
        <source>Welcome to Desk</source>
        <translation>Welcome to Desk</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How will you work on this computer?</source>
        <translation>How will you work on this computer?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Alone on this computer</source>
        <translation>&amp;Alone on this computer</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>With my &amp;team</source>
        <translation>With my &amp;team</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Desk keeps the mail and your answers in a database on this computer, in {folder}. You then give the shared mailbox&apos;s servers and password.</source>
        <translation>Desk keeps the mail and your answers in a database on this computer, in {folder}. You then give the shared mailbox&apos;s servers and password.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Your team shares one database on a server. You need its address and your own login, from your team lead. No mailbox password is asked: the team&apos;s service reads and sends the mail.</source>
        <translation>Your team shares one database on a server. You need its address and your own login, from your team lead. No mailbox password is asked: the team&apos;s service reads and sends the mail.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Alone on this computer</source>
        <translation>Alone on this computer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>With my team</source>
        <translation>With my team</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Why saving failed.</source>
        <translation>Why saving failed.</translation>
    </message>
</context>
<context>
    <name>DeskStatusBar</name>
    <message>
        <location filename="../desk/ui/status_bar.py" line="+35"/>
        <source>Sync progress</source>
        <translation>Sync progress</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Sending progress</source>
        <translation>Sending progress</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+4"/>
        <source>Stop sending</source>
        <translation>Stop sending</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop after the reply going out now; the rest stays in the outbox</source>
        <translation>Stop after the reply going out now; the rest stays in the outbox</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>No mailbox account (reading only)</source>
        <translation>No mailbox account (reading only)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Connecting…</source>
        <translation>Connecting…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Connected</source>
        <translation>Connected</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Synced by {holder}</source>
        <translation>Synced by {holder}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Synced by the team&apos;s service</source>
        <translation>Synced by the team&apos;s service</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Offline — retrying in {seconds} s</source>
        <translation>Offline — retrying in {seconds} s</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Mailbox refused: {reason}</source>
        <translation>Mailbox refused: {reason}</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Database refused: {reason}</source>
        <translation>Database refused: {reason}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Database connection lost — reconnecting (next try in {seconds} s)</source>
        <translation>Database connection lost — reconnecting (next try in {seconds} s)</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Connecting</source>
        <translation>Connecting</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Checking</source>
        <translation>Checking</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Headers %v/%m</source>
        <translation>Headers %v/%m</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Messages %v/%m</source>
        <translation>Messages %v/%m</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Done</source>
        <translation>Done</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clustering</source>
        <translation>Clustering</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Sending %v/%m</source>
        <translation>Sending %v/%m</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Outbox: {waiting} waiting, {failed} failed</source>
        <translation>Outbox: {waiting} waiting, {failed} failed</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{outbox}, {in_doubt} in doubt</source>
        <translation>{outbox}, {in_doubt} in doubt</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{outbox}; {count} with other services</source>
        <translation>{outbox}; {count} with other services</translation>
    </message>
    <message>
        <location line="-10"/>
        <source>Outbox: {waiting} waiting</source>
        <translation>Outbox: {waiting} waiting</translation>
    </message>
</context>
<context>
    <name>Dialogs</name>
    <message>
        <location filename="../desk/ui/widgets.py" line="+44"/>
        <source>Close</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>ErrorText</name>
    <message>
        <location filename="../desk/ui/error_text.py" line="+27"/>
        <source>The database was created by a newer version of Desk. It was left untouched; please install the newer Desk.</source>
        <translation>The database was created by a newer version of Desk. It was left untouched; please install the newer Desk.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The database is older than this Desk and was not upgraded; nothing was written. Ask the team lead to upgrade it.</source>
        <translation>The database is older than this Desk and was not upgraded; nothing was written. Ask the team lead to upgrade it.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The database is locked by another program. Nothing was written; close the other program or try again.</source>
        <translation>The database is locked by another program. Nothing was written; close the other program or try again.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The database is read-only. Nothing was written; check the file&apos;s permissions.</source>
        <translation>The database is read-only. Nothing was written; check the file&apos;s permissions.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The database is not a valid Desk database (it may be damaged). It was left untouched.</source>
        <translation>The database is not a valid Desk database (it may be damaged). It was left untouched.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The database cannot be reached: {reason}</source>
        <translation>The database cannot be reached: {reason}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No mailbox found at {path}.</source>
        <translation>No mailbox found at {path}.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{path} is not a Maildir, an mbox file, a folder of .eml files or an .eml file.</source>
        <translation>{path} is not a Maildir, an mbox file, a folder of .eml files or an .eml file.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The settings file {path} is invalid: {reason}</source>
        <translation>The settings file {path} is invalid: {reason}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The account {account} is not usable: {reason}.</source>
        <translation>The account {account} is not usable: {reason}.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No password is stored for the account {account}. Nothing was sent or fetched.</source>
        <translation>No password is stored for the account {account}. Nothing was sent or fetched.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The system&apos;s password store cannot be used for the account {account} ({reason}).</source>
        <translation>The system&apos;s password store cannot be used for the account {account} ({reason}).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The {kind} server {server} cannot be reached ({reason}). Working offline: nothing was lost, and the work resumes when it is back.</source>
        <translation>The {kind} server {server} cannot be reached ({reason}). Working offline: nothing was lost, and the work resumes when it is back.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The {kind} server {server} refused the login of {user}: {reason}. Check the user name and password.</source>
        <translation>The {kind} server {server} refused the login of {user}: {reason}. Check the user name and password.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The {kind} server {server} presented a certificate that was refused: {reason}. Nothing was sent. If this is your organisation&apos;s own server, pin its certificate (SHA-256 {fingerprint}) in the account settings.</source>
        <translation>The {kind} server {server} presented a certificate that was refused: {reason}. Nothing was sent. If this is your organisation&apos;s own server, pin its certificate (SHA-256 {fingerprint}) in the account settings.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The {kind} server {server} answered an error: {reason}</source>
        <translation>The {kind} server {server} answered an error: {reason}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The folder {folder} does not exist on {server}.</source>
        <translation>The folder {folder} does not exist on {server}.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Another Desk is already bringing in the mail of {account}; this one waits for it.</source>
        <translation>Another Desk is already bringing in the mail of {account}; this one waits for it.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This reply template no longer exists (perhaps a colleague deleted it).</source>
        <translation>This reply template no longer exists (perhaps a colleague deleted it).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A reply template named “{existing}” already exists; choose another name.</source>
        <translation>A reply template named “{existing}” already exists; choose another name.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The reply template&apos;s {field} is not valid.</source>
        <translation>The reply template&apos;s {field} is not valid.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{path} cannot be read as reply templates: {reason}. Nothing was imported.</source>
        <translation>{path} cannot be read as reply templates: {reason}. Nothing was imported.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This agent no longer exists.</source>
        <translation>This agent no longer exists.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>“{value}” is not a date.</source>
        <translation>“{value}” is not a date.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The period ends before it starts; give the earlier date first.</source>
        <translation>The period ends before it starts; give the earlier date first.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>“{value}” is not a known time zone.</source>
        <translation>“{value}” is not a known time zone.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This export cannot be made: {reason}</source>
        <translation>This export cannot be made: {reason}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cannot write {path}: {reason}. Nothing was exported.</source>
        <translation>Cannot write {path}: {reason}. Nothing was exported.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Team mode needs a PostgreSQL database. Nothing was changed.</source>
        <translation>Team mode needs a PostgreSQL database. Nothing was changed.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The login {login} may not manage the team: {reason}. Nothing was changed.</source>
        <translation>The login {login} may not manage the team: {reason}. Nothing was changed.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The team is not set up in this database yet; ask the administrator.</source>
        <translation>The team is not set up in this database yet; ask the administrator.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>“{name}” cannot be a team member&apos;s login: {reason}. Nobody was changed.</source>
        <translation>“{name}” cannot be a team member&apos;s login: {reason}. Nobody was changed.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>“{role}” is not a team role; choose agent or lead.</source>
        <translation>“{role}” is not a team role; choose agent or lead.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No usable password for {name}: {reason}. Nobody was added.</source>
        <translation>No usable password for {name}: {reason}. Nobody was added.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A login named “{name}” already exists; choose another name. Nobody was added.</source>
        <translation>A login named “{name}” already exists; choose another name. Nobody was added.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>“{name}” is not a member of the team. Nothing was changed.</source>
        <translation>“{name}” is not a member of the team. Nothing was changed.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The database refused the login {login}: {reason}. Check the login and its password. Nothing was saved.</source>
        <translation>The database refused the login {login}: {reason}. Check the login and its password. Nothing was saved.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{login} can connect to the database but is not a member of the team; ask the team lead to add this login. Nothing was saved.</source>
        <translation>{login} can connect to the database but is not a member of the team; ask the team lead to add this login. Nothing was saved.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The database refused: {login} may not do this (only team leads may). Nothing changed.</source>
        <translation>The database refused: {login} may not do this (only team leads may). Nothing changed.</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>{what}: {path}</source>
        <translation>{what}: {path}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Unexpected error: {detail}</source>
        <translation>Unexpected error: {detail}</translation>
    </message>
</context>
<context>
    <name>FallbackTable</name>
    <message>
        <location filename="../desk/ui/template_fallbacks.py" line="+34"/>
        <source>Placeholder</source>
        <translation>Placeholder</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Text when the value is missing</source>
        <translation>Text when the value is missing</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Fallbacks</source>
        <translation>Fallbacks</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>One row per placeholder the text uses: what to write instead when a recipient has no such value (for example “Madame, Monsieur”). Empty: such a reply cannot be sent.</source>
        <translation>One row per placeholder the text uses: what to write instead when a recipient has no such value (for example “Madame, Monsieur”). Empty: such a reply cannot be sent.</translation>
    </message>
</context>
<context>
    <name>FirstStartWizard</name>
    <message>
        <location filename="../desk/ui/first_start_dialog.py" line="+197"/>
        <source>Setting up Desk</source>
        <translation>Setting up Desk</translation>
    </message>
</context>
<context>
    <name>ForecastPanel</name>
    <message>
        <location filename="../desk/ui/stats_forecast.py" line="+36"/>
        <source>Forecast</source>
        <translation>Forecast</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>The forecast in words.</source>
        <translation>The forecast in words.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The forecast comes with the figures.</source>
        <translation>The forecast comes with the figures.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Backlog</source>
        <translation>Backlog</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>No forecast yet.</source>
        <translation>No forecast yet.</translation>
    </message>
    <message numerus="yes">
        <location line="+9"/>
        <source>%n request(s) waiting. Over the last 7 days: {arrivals} arrived a day, and agents worked {agent_hours} hours in all.</source>
        <translation>
            <numerusform>%n request waiting. Over the last 7 days: {arrivals} arrived a day, and agents worked {agent_hours} hours in all.</numerusform>
            <numerusform>%n requests waiting. Over the last 7 days: {arrivals} arrived a day, and agents worked {agent_hours} hours in all.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Nobody answered in the last 7 days: the pace, and so the forecast, cannot be estimated.</source>
        <translation>Nobody answered in the last 7 days: the pace, and so the forecast, cannot be estimated.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Each agent answers {rate} requests an hour.</source>
        <translation>Each agent answers {rate} requests an hour.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>At this pace the backlog grows: it will not be cleared.</source>
        <translation>At this pace the backlog grows: it will not be cleared.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>At this pace the backlog is cleared by {when}.</source>
        <translation>At this pace the backlog is cleared by {when}.</translation>
    </message>
    <message numerus="yes">
        <location line="+6"/>
        <source>%n waiting request(s) will miss the {hours}-hour promise, and {later} of those arriving in the next 7 days.</source>
        <translation>
            <numerusform>%n waiting request will miss the {hours}-hour promise, and {later} of those arriving in the next 7 days.</numerusform>
            <numerusform>%n waiting requests will miss the {hours}-hour promise, and {later} of those arriving in the next 7 days.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+10"/>
        <source>Keeping the promise for every request that still can needs %n agent(s).</source>
        <translation>
            <numerusform>Keeping the promise for every request that still can needs %n agent.</numerusform>
            <numerusform>Keeping the promise for every request that still can needs %n agents.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Waiting</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Projected</source>
        <translation>Projected</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Backlog every 6 hours: {now} waiting now; {end} projected in 7 days.</source>
        <translation>Backlog every 6 hours: {now} waiting now; {end} projected in 7 days.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Backlog and projection</source>
        <translation>Backlog and projection</translation>
    </message>
</context>
<context>
    <name>HandoffBanner</name>
    <message>
        <location filename="../desk/ui/handoff_banner.py" line="+35"/>
        <source>Handed to another service</source>
        <translation>Handed to another service</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Where this request was handed on, and what the service answered</source>
        <translation>Where this request was handed on, and what the service answered</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>{service} answered on {when} ({reference}):</source>
        <translation>{service} answered on {when} ({reference}):</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The hand-off to {service} failed ({reason}); the request is back in the queue.</source>
        <translation>The hand-off to {service} failed ({reason}); the request is back in the queue.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Handed to {service} on {when} ({reference}): no answer by {due}; back in the queue.</source>
        <translation>Handed to {service} on {when} ({reference}): no answer by {due}; back in the queue.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Handed to {service} on {when} ({reference}); its answer is expected by {due}.</source>
        <translation>Handed to {service} on {when} ({reference}); its answer is expected by {due}.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>This message comes from a service&apos;s address and may answer a hand-off ({references}) without saying which.</source>
        <translation>This message comes from a service&apos;s address and may answer a hand-off ({references}) without saying which.</translation>
    </message>
</context>
<context>
    <name>HandoffController</name>
    <message numerus="yes">
        <location filename="../desk/ui/handoff_controller.py" line="+108"/>
        <source>Handed %n message(s) to {service} ({reference}).</source>
        <translation>
            <numerusform>Handed %n message to {service} ({reference}).</numerusform>
            <numerusform>Handed %n messages to {service} ({reference}).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+8"/>
        <source>%n message(s) stayed in the queue:</source>
        <translation>
            <numerusform>%n message stayed in the queue:</numerusform>
            <numerusform>%n messages stayed in the queue:</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HandoffDialog</name>
    <message>
        <location filename="../desk/ui/handoff_dialog.py" line="+33"/>
        <location line="+3"/>
        <source>Hand off to another service</source>
        <translation>Hand off to another service</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Forward the chosen messages to a service and wait for its answer.</source>
        <translation>Forward the chosen messages to a service and wait for its answer.</translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>%n message(s) will be forwarded with their originals attached. They leave the queue until the service answers or its delay passes.</source>
        <translation>
            <numerusform>%n message will be forwarded with its original attached. It leaves the queue until the service answers or its delay passes.</numerusform>
            <numerusform>%n messages will be forwarded with their originals attached. They leave the queue until the service answers or its delay passes.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+13"/>
        <source>{name} &lt;{address}&gt;, within {hours} h</source>
        <translation>{name} &lt;{address}&gt;, within {hours} h</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Service</source>
        <translation>Service</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>The service the messages go to.</source>
        <translation>The service the messages go to.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>What the service should know (optional)</source>
        <translation>What the service should know (optional)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Sent to the service above the originals.</source>
        <translation>Sent to the service above the originals.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Tell each person their request was handed on</source>
        <translation>&amp;Tell each person their request was handed on</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Tell each person</source>
        <translation>Tell each person</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>One short message to each person: to whom, and until when.</source>
        <translation>One short message to each person: to whom, and until when.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No service yet: a team lead adds them (desk handoff add-service).</source>
        <translation>No service yet: a team lead adds them (desk handoff add-service).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Hand off</source>
        <translation>&amp;Hand off</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Hand off</source>
        <translation>Hand off</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Forward the messages now.</source>
        <translation>Forward the messages now.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Close without handing anything on.</source>
        <translation>Close without handing anything on.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Service:</source>
        <translation>&amp;Service:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Note:</source>
        <translation>&amp;Note:</translation>
    </message>
</context>
<context>
    <name>HelpDialog</name>
    <message>
        <location filename="../desk/ui/help_dialog.py" line="+30"/>
        <location line="+1"/>
        <source>Keyboard shortcuts</source>
        <translation>Keyboard shortcuts</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Every action of the window and its keys</source>
        <translation>Every action of the window and its keys</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Keys</source>
        <translation>Keys</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Shortcuts</source>
        <translation>Shortcuts</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keys on the left, what they do on the right</source>
        <translation>Keys on the left, what they do on the right</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Everything works from the keyboard: Tab moves between panes, the arrows move within a list, Space ticks a check box, Escape closes a dialog.</source>
        <translation>Everything works from the keyboard: Tab moves between panes, the arrows move within a list, Space ticks a check box, Escape closes a dialog.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Close the shortcuts list</source>
        <translation>Close the shortcuts list</translation>
    </message>
</context>
<context>
    <name>InDoubtDialog</name>
    <message>
        <location filename="../desk/ui/in_doubt_dialog.py" line="+89"/>
        <location line="+3"/>
        <source>Replies to check</source>
        <translation>Replies to check</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Replies that may or may not have left, and replies that failed</source>
        <translation>Replies that may or may not have left, and replies that failed</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>These replies were handed over to the mail server, then the connection broke before it answered, and the server keeps no copy to check: they may have left. Desk will not send them again by itself.</source>
        <translation>These replies were handed over to the mail server, then the connection broke before it answered, and the server keeps no copy to check: they may have left. Desk will not send them again by itself.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Replies in doubt</source>
        <translation>Replies in doubt</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+1"/>
        <source>Send again</source>
        <translation>Send again</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The selected replies did not arrive: put them back in the outbox</source>
        <translation>The selected replies did not arrive: put them back in the outbox</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+1"/>
        <source>It went</source>
        <translation>It went</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The selected replies arrived: count them as sent</source>
        <translation>The selected replies arrived: count them as sent</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Replies whose last send attempt failed</source>
        <translation>Replies whose last send attempt failed</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Failed replies</source>
        <translation>Failed replies</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+1"/>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Close this list</source>
        <translation>Close this list</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Recipient</source>
        <translation>Recipient</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Subject</source>
        <translation>Subject</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>When</source>
        <translation>When</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Why</source>
        <translation>Why</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>{in_doubt} in doubt, {failed} failed</source>
        <translation>{in_doubt} in doubt, {failed} failed</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>(no subject)</source>
        <translation>(no subject)</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>Not recorded: {reason}</source>
        <translation>Not recorded: {reason}</translation>
    </message>
</context>
<context>
    <name>LeaveOutQuestion</name>
    <message>
        <location filename="../desk/ui/asks_more.py" line="+76"/>
        <source>Send the answer</source>
        <translation>Send the answer</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>This message also asks something else, which this reply may not answer. Send it anyway?</source>
        <translation>This message also asks something else, which this reply may not answer. Send it anyway?</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>All {total} messages also ask something else, which this reply may not answer. Send it to all of them anyway?</source>
        <translation>All {total} messages also ask something else, which this reply may not answer. Send it to all of them anyway?</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>One of these {total} messages also asks something else. Leave it out of this reply (it stays open in the cluster, flagged)?</source>
        <translation>One of these {total} messages also asks something else. Leave it out of this reply (it stays open in the cluster, flagged)?</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{count} of these {total} messages also ask something else. Leave them out of this reply (they stay open in the cluster, flagged)?</source>
        <translation>{count} of these {total} messages also ask something else. Leave them out of this reply (they stay open in the cluster, flagged)?</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{names} and {more} more</source>
        <translation>{names} and {more} more</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>From: {names}</source>
        <translation>From: {names}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Leave them out and send</source>
        <translation>&amp;Leave them out and send</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Leave it out and send</source>
        <translation>&amp;Leave it out and send</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Leave them out and send</source>
        <translation>Leave them out and send</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Send to the others; these stay open in the cluster, flagged</source>
        <translation>Send to the others; these stay open in the cluster, flagged</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Send to &amp;all</source>
        <translation>Send to &amp;all</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Send to all</source>
        <translation>Send to all</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Send this reply to every message, those that ask more too</source>
        <translation>Send this reply to every message, those that ask more too</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Send nothing</source>
        <translation>Send nothing</translation>
    </message>
</context>
<context>
    <name>MailboxFields</name>
    <message>
        <location filename="../desk/ui/mailbox_fields.py" line="+18"/>
        <source>Mailbox</source>
        <translation>Mailbox</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>No limit</source>
        <translation>No limit</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Optional</source>
        <translation>Optional</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>contact@example.org</source>
        <translation>contact@example.org</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Account &amp;name:</source>
        <translation>Account &amp;name:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Account name</source>
        <translation>Account name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A short name for this mailbox; its passwords are kept under it.</source>
        <translation>A short name for this mailbox; its passwords are kept under it.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Mailbox a&amp;ddress:</source>
        <translation>Mailbox a&amp;ddress:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Mailbox address</source>
        <translation>Mailbox address</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The shared address replies are sent from.</source>
        <translation>The shared address replies are sent from.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Display na&amp;me:</source>
        <translation>Display na&amp;me:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Display name</source>
        <translation>Display name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The name recipients see beside the address (optional).</source>
        <translation>The name recipients see beside the address (optional).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Folders to sync:</source>
        <translation>&amp;Folders to sync:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Folders to sync</source>
        <translation>Folders to sync</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The server folders Desk reads, separated by commas.</source>
        <translation>The server folders Desk reads, separated by commas.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>S&amp;ent folder:</source>
        <translation>S&amp;ent folder:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sent folder</source>
        <translation>Sent folder</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The server folder where sent replies are filed.</source>
        <translation>The server folder where sent replies are filed.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Processed folder:</source>
        <translation>&amp;Processed folder:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Processed folder</source>
        <translation>Processed folder</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Answered messages are moved to this folder (optional).</source>
        <translation>Answered messages are moved to this folder (optional).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Rate &amp;limit (messages per minute):</source>
        <translation>Rate &amp;limit (messages per minute):</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Rate limit in messages per minute</source>
        <translation>Rate limit in messages per minute</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The most replies sent in one minute; zero means no limit.</source>
        <translation>The most replies sent in one minute; zero means no limit.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../desk/ui/main_window.py" line="+118"/>
        <source>Desk — shared mailbox</source>
        <translation>Desk — shared mailbox</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Desk</source>
        <translation>Desk</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Answer the shared mailbox cluster by cluster</source>
        <translation>Answer the shared mailbox cluster by cluster</translation>
    </message>
    <message numerus="yes">
        <location line="+208"/>
        <source>%n reply(ies) to check (in doubt or failed): Answer ▸ Replies to check…</source>
        <translation>
            <numerusform>%n reply to check (in doubt or failed): Answer ▸ Replies to check…</numerusform>
            <numerusform>%n replies to check (in doubt or failed): Answer ▸ Replies to check…</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../desk/ui/work_panes.py" line="+93"/>
        <source>Search sender, subject and text (Ctrl+F)</source>
        <translation>Search sender, subject and text (Ctrl+F)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Search messages</source>
        <translation>Search messages</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Full-text search; the results replace the message list, Escape clears</source>
        <translation>Full-text search; the results replace the message list, Escape clears</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Similarity</source>
        <translation>Similarity</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How alike messages must be to share a cluster; moving it regroups at once</source>
        <translation>How alike messages must be to share a cluster; moving it regroups at once</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&amp;Search:</source>
        <translation>&amp;Search:</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Queue</source>
        <translation>Queue</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clusters and lone messages, most urgent first; Ctrl+Down and Ctrl+Up move, Enter opens</source>
        <translation>Clusters and lone messages, most urgent first; Ctrl+Down and Ctrl+Up move, Enter opens</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Senders</source>
        <translation>Senders</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>People with several open messages: answer all of them at once</source>
        <translation>People with several open messages: answer all of them at once</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Work lists</source>
        <translation>Work lists</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The queue, or the people to answer</source>
        <translation>The queue, or the people to answer</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Queue</source>
        <translation>&amp;Queue</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Se&amp;nders</source>
        <translation>Se&amp;nders</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>T&amp;eam</source>
        <translation>T&amp;eam</translation>
    </message>
    <message>
        <location line="+58"/>
        <source>Messages</source>
        <translation>Messages</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The messages behind the selected row; Ctrl+E leaves one out of the answer</source>
        <translation>The messages behind the selected row; Ctrl+E leaves one out of the answer</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Move &amp;out of cluster</source>
        <translation>Move &amp;out of cluster</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Move out of cluster</source>
        <translation>Move out of cluster</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Take the selected message out of this cluster (Ctrl+Shift+M)</source>
        <translation>Take the selected message out of this cluster (Ctrl+Shift+M)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Merge into…</source>
        <translation>&amp;Merge into…</translation>
    </message>
    <message>
        <location filename="../desk/ui/corrections_controller.py" line="+47"/>
        <location filename="../desk/ui/work_panes.py" line="+4"/>
        <source>Merge clusters</source>
        <translation>Merge clusters</translation>
    </message>
    <message>
        <location filename="../desk/ui/work_panes.py" line="+1"/>
        <source>Merge this cluster into another one you choose (Ctrl+M)</source>
        <translation>Merge this cluster into another one you choose (Ctrl+M)</translation>
    </message>
    <message>
        <location filename="../desk/ui/undo_controller.py" line="+30"/>
        <source>&amp;Undo</source>
        <translation>&amp;Undo</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Undo the answer</source>
        <translation>Undo the answer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Take back the replies before they leave (Ctrl+Z)</source>
        <translation>Take back the replies before they leave (Ctrl+Z)</translation>
    </message>
    <message>
        <location filename="../desk/ui/window_menus.py" line="+60"/>
        <source>&amp;File</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Mailbox &amp;account…</source>
        <translation>Mailbox &amp;account…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Set up the mailbox</source>
        <translation>Set up the mailbox</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Settings…</source>
        <translation>&amp;Settings…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Language, undo window…</source>
        <translation>Language, undo window…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>S&amp;ync now</source>
        <translation>S&amp;ync now</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Fetch new mail now</source>
        <translation>Fetch new mail now</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Quit</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Quit</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Go</source>
        <translation>&amp;Go</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Next in the queue</source>
        <translation>&amp;Next in the queue</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Select the next cluster</source>
        <translation>Select the next cluster</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Previous in the queue</source>
        <translation>&amp;Previous in the queue</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Select the previous cluster</source>
        <translation>Select the previous cluster</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Open the messages</source>
        <translation>&amp;Open the messages</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Move to the selected cluster&apos;s messages</source>
        <translation>Move to the selected cluster&apos;s messages</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Search</source>
        <translation>&amp;Search</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Search all messages</source>
        <translation>Search all messages</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Next for me</source>
        <translation>Next for me</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Take the most urgent cluster nobody holds, and open it</source>
        <translation>Take the most urgent cluster nobody holds, and open it</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Answer</source>
        <translation>&amp;Answer</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Choose a &amp;template</source>
        <translation>Choose a &amp;template</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Move to the template search</source>
        <translation>Move to the template search</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Pre&amp;vious recipient</source>
        <translation>Pre&amp;vious recipient</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Preview the previous recipient&apos;s reply</source>
        <translation>Preview the previous recipient&apos;s reply</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Ne&amp;xt recipient</source>
        <translation>Ne&amp;xt recipient</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Preview the next recipient&apos;s reply</source>
        <translation>Preview the next recipient&apos;s reply</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Send the answer…</source>
        <translation>&amp;Send the answer…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Answer the chosen messages, after confirming</source>
        <translation>Answer the chosen messages, after confirming</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Send the &amp;outbox now</source>
        <translation>Send the &amp;outbox now</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Send the replies waiting in the outbox (after a stop, or offline)</source>
        <translation>Send the replies waiting in the outbox (after a stop, or offline)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Replies to &amp;check…</source>
        <translation>Replies to &amp;check…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Replies that may have left before the connection broke, and replies that failed</source>
        <translation>Replies that may have left before the connection broke, and replies that failed</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;Undo the last answer</source>
        <translation>&amp;Undo the last answer</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Take back replies still in the undo window</source>
        <translation>Take back replies still in the undo window</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Leave out / include the message</source>
        <translation>&amp;Leave out / include the message</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Leave the selected message out of the answer, or put it back</source>
        <translation>Leave the selected message out of the answer, or put it back</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Move out of the cluster</source>
        <translation>&amp;Move out of the cluster</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Take the selected message out of its cluster</source>
        <translation>Take the selected message out of its cluster</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Mer&amp;ge clusters…</source>
        <translation>Mer&amp;ge clusters…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Merge two clusters</source>
        <translation>Merge two clusters</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Hand off to another service…</source>
        <translation>&amp;Hand off to another service…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Forward the chosen messages to a service and wait for its answer</source>
        <translation>Forward the chosen messages to a service and wait for its answer</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&amp;Tools</source>
        <translation>&amp;Tools</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Templates…</source>
        <translation>&amp;Templates…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Write and edit reply templates</source>
        <translation>Write and edit reply templates</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Statistics…</source>
        <translation>&amp;Statistics…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Handling-time statistics and exports</source>
        <translation>Handling-time statistics and exports</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Ac&amp;knowledgements and services…</source>
        <translation>Ac&amp;knowledgements and services…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>What Desk sends by itself, and the services requests can be handed to</source>
        <translation>What Desk sends by itself, and the services requests can be handed to</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;Help</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Keyboard shortcuts</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Every shortcut</source>
        <translation>Every shortcut</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;About Desk…</source>
        <translation>&amp;About Desk…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The version of Desk and where its logs are</source>
        <translation>The version of Desk and where its logs are</translation>
    </message>
    <message>
        <location filename="../desk/ui/queue_controller.py" line="+113"/>
        <source>Loading the queue…</source>
        <translation>Loading the queue…</translation>
    </message>
    <message>
        <location filename="../desk/ui/main_window.py" line="+20"/>
        <source>Desk — {count} to answer</source>
        <translation>Desk — {count} to answer</translation>
    </message>
    <message>
        <location filename="../desk/ui/work_panes.py" line="+14"/>
        <source>Nothing to answer.</source>
        <translation>Nothing to answer.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>(no subject)</source>
        <translation>(no subject)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Subject: {subject}</source>
        <translation>Subject: {subject}</translation>
    </message>
    <message>
        <location filename="../desk/ui/team_updates.py" line="+85"/>
        <source>{count} claims given back to the queue.</source>
        <translation>{count} claims given back to the queue.</translation>
    </message>
    <message>
        <location filename="../desk/ui/answering_controller.py" line="+280"/>
        <source>Your answer was recorded</source>
        <translation>Your answer was recorded</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The database came back: the answer you confirmed just before the connection dropped was recorded ({count} replies); it goes out as usual.</source>
        <translation>The database came back: the answer you confirmed just before the connection dropped was recorded ({count} replies); it goes out as usual.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Your answer was not recorded</source>
        <translation>Your answer was not recorded</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The database came back, but the answer you confirmed just before the connection dropped was not recorded ({count} messages). Your text is still here: check it and send it again.</source>
        <translation>The database came back, but the answer you confirmed just before the connection dropped was not recorded ({count} messages). Your text is still here: check it and send it again.</translation>
    </message>
    <message>
        <location filename="../desk/ui/queue_controller.py" line="+252"/>
        <source>Nothing left that nobody holds: the queue is done or taken.</source>
        <translation>Nothing left that nobody holds: the queue is done or taken.</translation>
    </message>
    <message>
        <location filename="../desk/ui/work_panes.py" line="+8"/>
        <source>{count} messages match “{query}”</source>
        <translation>{count} messages match “{query}”</translation>
    </message>
    <message>
        <location line="-151"/>
        <source>Si&amp;milarity {value} %</source>
        <translation>Si&amp;milarity {value} %</translation>
    </message>
    <message>
        <location filename="../desk/ui/corrections_controller.py" line="+43"/>
        <source>Regrouping…</source>
        <translation>Regrouping…</translation>
    </message>
    <message>
        <location line="-52"/>
        <source>{title} ({count} open)</source>
        <translation>{title} ({count} open)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Merge this cluster into:</source>
        <translation>Merge this cluster into:</translation>
    </message>
    <message>
        <location filename="../desk/ui/answering_controller.py" line="-193"/>
        <source>The mailbox account is not valid: {error}</source>
        <translation>The mailbox account is not valid: {error}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Set up the mailbox account to send (File → Mailbox account).</source>
        <translation>Set up the mailbox account to send (File → Mailbox account).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The database cannot be reached: reconnecting…</source>
        <translation>The database cannot be reached: reconnecting…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Opening the desk…</source>
        <translation>Opening the desk…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{name} is answering some of these messages.</source>
        <translation>{name} is answering some of these messages.</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Answer {messages} messages with one reply to each of {people} people?</source>
        <translation>Answer {messages} messages with one reply to each of {people} people?</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+96"/>
        <source>and {more} more</source>
        <translation>and {more} more</translation>
    </message>
    <message>
        <location line="-93"/>
        <source>Send the answer</source>
        <translation>Send the answer</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>The database dropped while the answer was being recorded.</source>
        <translation>The database dropped while the answer was being recorded.</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Some replies were not queued</source>
        <translation>Some replies were not queued</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{count} replies were refused:</source>
        <translation>{count} replies were refused:</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Nothing was sent</source>
        <translation>Nothing was sent</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Some of these messages changed since you opened them, so the answer was not sent to anyone. Your text is kept; check the messages and send again.</source>
        <translation>Some of these messages changed since you opened them, so the answer was not sent to anyone. Your text is kept; check the messages and send again.</translation>
    </message>
    <message>
        <location filename="../desk/ui/undo_controller.py" line="+51"/>
        <source>{count} replies leave in {seconds} s.</source>
        <translation>{count} replies leave in {seconds} s.</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>{count} replies taken back.</source>
        <translation>{count} replies taken back.</translation>
    </message>
    <message>
        <location filename="../desk/ui/main_window.py" line="+98"/>
        <source>Something went wrong</source>
        <translation>Something went wrong</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Background work failed: {error}</source>
        <translation>Background work failed: {error}</translation>
    </message>
    <message>
        <location filename="../desk/ui/mail_reports.py" line="+83"/>
        <source>{count} new messages.</source>
        <translation>{count} new messages.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>{count} replies sent.</source>
        <translation>{count} replies sent.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Some replies could not be sent</source>
        <translation>Some replies could not be sent</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{count} replies failed:</source>
        <translation>{count} replies failed:</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Sending stopped: {error}. The replies stay in the outbox.</source>
        <translation>Sending stopped: {error}. The replies stay in the outbox.</translation>
    </message>
    <message>
        <location filename="../desk/ui/main_window.py" line="+45"/>
        <source>Replies are being sent or wait in the undo window. Quit anyway? They stay in the outbox and go out at the next start.</source>
        <translation>Replies are being sent or wait in the undo window. Quit anyway? They stay in the outbox and go out at the next start.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Quit Desk</source>
        <translation>Quit Desk</translation>
    </message>
    <message>
        <location filename="../desk/ui/handoff_controller.py" line="-55"/>
        <source>Choose a cluster to hand off first.</source>
        <translation>Choose a cluster to hand off first.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Set up the mailbox first: the forward leaves from it.</source>
        <translation>Set up the mailbox first: the forward leaves from it.</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>Some messages were not handed on</source>
        <translation>Some messages were not handed on</translation>
    </message>
</context>
<context>
    <name>MessageListModel</name>
    <message>
        <location filename="../desk/ui/models.py" line="+282"/>
        <source>Answer</source>
        <translation>Answer</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+76"/>
        <source>Also asks</source>
        <translation>Also asks</translation>
    </message>
    <message>
        <location line="-77"/>
        <source>From</source>
        <translation>From</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Subject</source>
        <translation>Subject</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Loading…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Also asks:
{request}</source>
        <translation>Also asks:
{request}</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>{sender}: {subject}, {date}, {status}</source>
        <translation>{sender}: {subject}, {date}, {status}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Asks more than the cluster: {request}</source>
        <translation>Asks more than the cluster: {request}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{sender}: {subject}, {date}, {status}, asks more</source>
        <translation>{sender}: {subject}, {date}, {status}, asks more</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+13"/>
        <source>Asks more</source>
        <translation>Asks more</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>held by {name}</source>
        <translation>held by {name}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>open</source>
        <translation>open</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>answered</source>
        <translation>answered</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>closed</source>
        <translation>closed</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not a request</source>
        <translation>not a request</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>gone from the server</source>
        <translation>gone from the server</translation>
    </message>
</context>
<context>
    <name>MessageView</name>
    <message>
        <location filename="../desk/ui/message_view.py" line="+94"/>
        <source>Message</source>
        <translation>Message</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The message chosen in the list</source>
        <translation>The message chosen in the list</translation>
    </message>
    <message>
        <location filename="../desk/ui/message_header.py" line="+66"/>
        <source>From:</source>
        <translation>From:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Reply to:</source>
        <translation>Reply to:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>To:</source>
        <translation>To:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cc:</source>
        <translation>Cc:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Date:</source>
        <translation>Date:</translation>
    </message>
    <message>
        <location filename="../desk/ui/message_view.py" line="+15"/>
        <source>Only the headers of this message have been downloaded so far; its text and attachments appear after the next sync.</source>
        <translation>Only the headers of this message have been downloaded so far; its text and attachments appear after the next sync.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Truncated: show &amp;all</source>
        <translation>Truncated: show &amp;all</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Show all of the message</source>
        <translation>Show all of the message</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Only the beginning of this long message is shown; load the rest</source>
        <translation>Only the beginning of this long message is shown; load the rest</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Highlight differences from the cluster</source>
        <translation>&amp;Highlight differences from the cluster</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Highlight differences</source>
        <translation>Highlight differences</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Show the text with the words that differ from the cluster&apos;s representative highlighted and underlined; unchecked, the message as it was written</source>
        <translation>Show the text with the words that differ from the cluster&apos;s representative highlighted and underlined; unchecked, the message as it was written</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>No message selected.</source>
        <translation>No message selected.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Message text</source>
        <translation>Message text</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The message as its sender wrote it; a link asks before it opens</source>
        <translation>The message as its sender wrote it; a link asks before it opens</translation>
    </message>
    <message>
        <location filename="../desk/ui/attachments_view.py" line="+47"/>
        <source>Attach&amp;ments:</source>
        <translation>Attach&amp;ments:</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Attachments</source>
        <translation>Attachments</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The files sent with the message; Enter saves the selected one</source>
        <translation>The files sent with the message; Enter saves the selected one</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Save attachment…</source>
        <translation>&amp;Save attachment…</translation>
    </message>
    <message>
        <location line="+5"/>
        <location filename="../desk/ui/message_view.py" line="+258"/>
        <source>Save attachment</source>
        <translation>Save attachment</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save the selected attachment to a file you choose</source>
        <translation>Save the selected attachment to a file you choose</translation>
    </message>
    <message>
        <location filename="../desk/ui/message_view.py" line="-249"/>
        <source>Show so&amp;urce</source>
        <translation>Show so&amp;urce</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Show source</source>
        <translation>Show source</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open the message exactly as it arrived, headers included</source>
        <translation>Open the message exactly as it arrived, headers included</translation>
    </message>
    <message>
        <location line="+97"/>
        <source>This message is no longer in the store.</source>
        <translation>This message is no longer in the store.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The message could not be read: {reason}</source>
        <translation>The message could not be read: {reason}</translation>
    </message>
    <message>
        <location filename="../desk/ui/message_header.py" line="-44"/>
        <source>(no subject)</source>
        <translation>(no subject)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{name} &lt;{address}&gt;</source>
        <translation>{name} &lt;{address}&gt;</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>{date} at {time}</source>
        <translation>{date} at {time}</translation>
    </message>
    <message>
        <location filename="../desk/ui/message_view.py" line="+15"/>
        <source>This message is long: only its beginning is shown ({count} lines in all).</source>
        <translation>This message is long: only its beginning is shown ({count} lines in all).</translation>
    </message>
    <message>
        <location filename="../desk/ui/attachments_view.py" line="-34"/>
        <source>(unnamed)</source>
        <translation>(unnamed)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{name} ({size}, {type})</source>
        <translation>{name} ({size}, {type})</translation>
    </message>
    <message>
        <location filename="../desk/ui/difference_marks.py" line="+71"/>
        <source>Same words as the cluster&apos;s representative.</source>
        <translation>Same words as the cluster&apos;s representative.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No differences in the part compared with the cluster&apos;s representative (the beginning of this long message).</source>
        <translation>No differences in the part compared with the cluster&apos;s representative (the beginning of this long message).</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>One passage differs from the cluster&apos;s representative (underlined).</source>
        <translation>One passage differs from the cluster&apos;s representative (underlined).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{count} passages differ from the cluster&apos;s representative (underlined).</source>
        <translation>{count} passages differ from the cluster&apos;s representative (underlined).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{count} passages differ from the cluster&apos;s representative (underlined) in the part compared, the beginning of this long message.</source>
        <translation>{count} passages differ from the cluster&apos;s representative (underlined) in the part compared, the beginning of this long message.</translation>
    </message>
    <message>
        <location filename="../desk/ui/message_view.py" line="+73"/>
        <source>Loading the whole message…</source>
        <translation>Loading the whole message…</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>The rest of the message could not be read: {reason}</source>
        <translation>The rest of the message could not be read: {reason}</translation>
    </message>
    <message>
        <location filename="../desk/ui/message_links.py" line="+33"/>
        <source>Link to {url}</source>
        <translation>Link to {url}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>This link cannot be opened: it leads neither to a web page nor to an email address.</source>
        <translation>This link cannot be opened: it leads neither to a web page nor to an email address.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>This link writes to {address}. Open it in your mail program?</source>
        <translation>This link writes to {address}. Open it in your mail program?</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This link leads to {url}. Open it in your web browser?</source>
        <translation>This link leads to {url}. Open it in your web browser?</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Open the link?</source>
        <translation>Open the link?</translation>
    </message>
    <message>
        <location filename="../desk/ui/message_view.py" line="+44"/>
        <source>Saving {name}…</source>
        <translation>Saving {name}…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Saved {name} ({size}).</source>
        <translation>Saved {name} ({size}).</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>This attachment is not in the store any more; nothing was saved.</source>
        <translation>This attachment is not in the store any more; nothing was saved.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The attachment could not be saved to {path}: {reason}</source>
        <translation>The attachment could not be saved to {path}: {reason}</translation>
    </message>
    <message>
        <location filename="../desk/ui/source_dialog.py" line="+88"/>
        <source>The source of this message has not been downloaded yet.</source>
        <translation>The source of this message has not been downloaded yet.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The source could not be read: {reason}</source>
        <translation>The source could not be read: {reason}</translation>
    </message>
</context>
<context>
    <name>Models</name>
    <message>
        <location filename="../desk/ui/models.py" line="-414"/>
        <source>{days} d {hours} h</source>
        <translation>{days} d {hours} h</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{hours} h</source>
        <translation>{hours} h</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{minutes} min</source>
        <translation>{minutes} min</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>overdue by {time}</source>
        <translation>overdue by {time}</translation>
    </message>
</context>
<context>
    <name>NoticesDialog</name>
    <message>
        <location filename="../desk/ui/notices_dialog.py" line="+79"/>
        <location line="+3"/>
        <source>Acknowledgements and services</source>
        <translation>Acknowledgements and services</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What Desk sends by itself, and the services requests can be handed to.</source>
        <translation>What Desk sends by itself, and the services requests can be handed to.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>&amp;Acknowledge each new request</source>
        <translation>&amp;Acknowledge each new request</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Acknowledge each new request</source>
        <translation>Acknowledge each new request</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Send each person an acknowledgement that says when they will be answered.</source>
        <translation>Send each person an acknowledgement that says when they will be answered.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source> h</source>
        <translation> h</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Period</source>
        <translation>Period</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>At most one acknowledgement per person in it.</source>
        <translation>At most one acknowledgement per person in it.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Send one status &amp;update when the expected time passes</source>
        <translation>Send one status &amp;update when the expected time passes</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Status updates</source>
        <translation>Status updates</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A request still unanswered at its expected time gets one update.</source>
        <translation>A request still unanswered at its expected time gets one update.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Time zone</source>
        <translation>Time zone</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>The zone times are told in, as Europe/Paris.</source>
        <translation>The zone times are told in, as Europe/Paris.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Acknowledgement, French</source>
        <translation>Acknowledgement, French</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Acknowledgement, English</source>
        <translation>Acknowledgement, English</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status update, French</source>
        <translation>Status update, French</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status update, English</source>
        <translation>Status update, English</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+6"/>
        <source>Text</source>
        <translation>Text</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>Which text is shown below.</source>
        <translation>Which text is shown below.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The text; placeholders go in braces, as in the reply templates.</source>
        <translation>The text; placeholders go in braces, as in the reply templates.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Restore the default</source>
        <translation>&amp;Restore the default</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Restore the default</source>
        <translation>Restore the default</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Put Desk&apos;s own text back for this one.</source>
        <translation>Put Desk&apos;s own text back for this one.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Acknowledgements</source>
        <translation>Acknowledgements</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>One per person e&amp;very:</source>
        <translation>One per person e&amp;very:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Time &amp;zone:</source>
        <translation>Time &amp;zone:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Te&amp;xt:</source>
        <translation>Te&amp;xt:</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Service</source>
        <translation>Service</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Address</source>
        <translation>Address</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Delay (hours)</source>
        <translation>Delay (hours)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Services</source>
        <translation>Services</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Where requests can be handed on.</source>
        <translation>Where requests can be handed on.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A&amp;dd a service</source>
        <translation>A&amp;dd a service</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Add a service</source>
        <translation>Add a service</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A new row to fill in: name, address, delay in hours.</source>
        <translation>A new row to fill in: name, address, delay in hours.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Re&amp;move the service</source>
        <translation>Re&amp;move the service</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Remove the service</source>
        <translation>Remove the service</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove the selected service from the list.</source>
        <translation>Remove the selected service from the list.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Services for hand-offs</source>
        <translation>Services for hand-offs</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Save</source>
        <translation>Save</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Check and keep these settings.</source>
        <translation>Check and keep these settings.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Close without saving.</source>
        <translation>Close without saving.</translation>
    </message>
    <message>
        <location line="+93"/>
        <source>{name}: the delay is a number of hours</source>
        <translation>{name}: the delay is a number of hours</translation>
    </message>
</context>
<context>
    <name>QualityPanel</name>
    <message>
        <location filename="../desk/ui/stats_quality.py" line="+26"/>
        <source>The quality figures come with the others.</source>
        <translation>The quality figures come with the others.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Quality</source>
        <translation>Quality</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>The quality of every answer of the period.</source>
        <translation>The quality of every answer of the period.</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+16"/>
        <source>Answered</source>
        <translation>Answered</translation>
    </message>
    <message>
        <location line="-16"/>
        <source>Edited</source>
        <translation>Edited</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Wrote again</source>
        <translation>Wrote again</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Reopened</source>
        <translation>Reopened</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Handed off</source>
        <translation>Handed off</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Resolved at first contact</source>
        <translation>Resolved at first contact</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Template</source>
        <translation>Template</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Quality per agent</source>
        <translation>Quality per agent</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Per agent: answers edited, re-contacts, reopened, hand-offs, resolved first.</source>
        <translation>Per agent: answers edited, re-contacts, reopened, hand-offs, resolved first.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Quality per template</source>
        <translation>Quality per template</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Per template: answers edited, re-contacts, reopened, hand-offs, resolved.</source>
        <translation>Per template: answers edited, re-contacts, reopened, hand-offs, resolved.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Service</source>
        <translation>Service</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Handed on</source>
        <translation>Handed on</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Failed</source>
        <translation>Failed</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Overdue</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Median wait</source>
        <translation>Median wait</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Hand-offs per service</source>
        <translation>Hand-offs per service</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Per service: requests handed on, answered, failed, overdue, median wait.</source>
        <translation>Per service: requests handed on, answered, failed, overdue, median wait.</translation>
    </message>
    <message numerus="yes">
        <location line="+24"/>
        <source>%n request(s) first answered in the period. Resolved at first contact: {fcr}; edited: {edited}; the sender wrote again within 7 days: {again}; reopened: {reopened}; handed to another service first: {handed}.</source>
        <translation>
            <numerusform>%n request first answered in the period. Resolved at first contact: {fcr}; edited: {edited}; the sender wrote again within 7 days: {again}; reopened: {reopened}; handed to another service first: {handed}.</numerusform>
            <numerusform>%n requests first answered in the period. Resolved at first contact: {fcr}; edited: {edited}; the sender wrote again within 7 days: {again}; reopened: {reopened}; handed to another service first: {handed}.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+14"/>
        <source>(nobody)</source>
        <translation>(nobody)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>(no template)</source>
        <translation>(no template)</translation>
    </message>
</context>
<context>
    <name>QueueModel</name>
    <message>
        <location filename="../desk/ui/models.py" line="+35"/>
        <source>Priority</source>
        <translation>Priority</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Request</source>
        <translation>Request</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Messages</source>
        <translation>Messages</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Waiting</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Time left</source>
        <translation>Time left</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Category</source>
        <translation>Category</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Held by</source>
        <translation>Held by</translation>
    </message>
    <message>
        <location line="+60"/>
        <source>Subject: {subject}</source>
        <translation>Subject: {subject}</translation>
    </message>
    <message>
        <location line="+19"/>
        <location line="+20"/>
        <source>(no subject)</source>
        <translation>(no subject)</translation>
    </message>
    <message>
        <location line="-8"/>
        <source>{name} ({count})</source>
        <translation>{name} ({count})</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>{title}: {count} open messages, priority {score} (held by {name})</source>
        <translation>{title}: {count} open messages, priority {score} (held by {name})</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{title}: {count} open messages, priority {score}</source>
        <translation>{title}: {count} open messages, priority {score}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Priority {score}</source>
        <translation>Priority {score}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Deadline</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cluster size</source>
        <translation>Cluster size</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Repeat contacts</source>
        <translation>Repeat contacts</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{name}: {points} points</source>
        <translation>{name}: {points} points</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{name} holds {count} of these messages: they cannot be answered here.</source>
        <translation>{name} holds {count} of these messages: they cannot be answered here.</translation>
    </message>
</context>
<context>
    <name>ServerBox</name>
    <message>
        <location filename="../desk/ui/server_box.py" line="+27"/>
        <source>Incoming mail (IMAP)</source>
        <translation>Incoming mail (IMAP)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Outgoing mail (SMTP)</source>
        <translation>Outgoing mail (SMTP)</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>SSL/TLS</source>
        <translation>SSL/TLS</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>STARTTLS</source>
        <translation>STARTTLS</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>None (this computer only)</source>
        <translation>None (this computer only)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Optional: 64 hexadecimal digits</source>
        <translation>Optional: 64 hexadecimal digits</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Security choices</source>
        <translation>Security choices</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>SSL/TLS, STARTTLS, or no protection (this computer only).</source>
        <translation>SSL/TLS, STARTTLS, or no protection (this computer only).</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>&amp;Host:</source>
        <translation>&amp;Host:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>IMAP server</source>
        <translation>IMAP server</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The name or address of the incoming mail server.</source>
        <translation>The name or address of the incoming mail server.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>P&amp;ort:</source>
        <translation>P&amp;ort:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>IMAP port</source>
        <translation>IMAP port</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Follows the security unless you type one: 993 (SSL/TLS) or 143 (STARTTLS).</source>
        <translation>Follows the security unless you type one: 993 (SSL/TLS) or 143 (STARTTLS).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Securit&amp;y:</source>
        <translation>Securit&amp;y:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>IMAP security</source>
        <translation>IMAP security</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+50"/>
        <source>How the connection is protected; no protection only towards this computer.</source>
        <translation>How the connection is protected; no protection only towards this computer.</translation>
    </message>
    <message>
        <location line="-46"/>
        <source>&amp;User:</source>
        <translation>&amp;User:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>IMAP user</source>
        <translation>IMAP user</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The user name to log in to the incoming mail server.</source>
        <translation>The user name to log in to the incoming mail server.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Pass&amp;word:</source>
        <translation>Pass&amp;word:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>IMAP password</source>
        <translation>IMAP password</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kept in the system keyring, never in the settings file.</source>
        <translation>Kept in the system keyring, never in the settings file.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Certificate p&amp;in:</source>
        <translation>Certificate p&amp;in:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>IMAP certificate pin</source>
        <translation>IMAP certificate pin</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+50"/>
        <source>Accept exactly the certificate with this SHA-256 fingerprint (optional).</source>
        <translation>Accept exactly the certificate with this SHA-256 fingerprint (optional).</translation>
    </message>
    <message>
        <location line="-43"/>
        <source>Optional</source>
        <translation>Optional</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Same as IMAP</source>
        <translation>Same as IMAP</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Ser&amp;ver:</source>
        <translation>Ser&amp;ver:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>SMTP server</source>
        <translation>SMTP server</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The name or address of the outgoing mail server (optional).</source>
        <translation>The name or address of the outgoing mail server (optional).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Po&amp;rt:</source>
        <translation>Po&amp;rt:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>SMTP port</source>
        <translation>SMTP port</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Follows the security unless you type one: 465 (SSL/TLS) or 587 (STARTTLS).</source>
        <translation>Follows the security unless you type one: 465 (SSL/TLS) or 587 (STARTTLS).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Se&amp;curity:</source>
        <translation>Se&amp;curity:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>SMTP security</source>
        <translation>SMTP security</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>U&amp;ser:</source>
        <translation>U&amp;ser:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>SMTP user</source>
        <translation>SMTP user</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The user name to log in to the outgoing server; empty: no login.</source>
        <translation>The user name to log in to the outgoing server; empty: no login.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>P&amp;assword:</source>
        <translation>P&amp;assword:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>SMTP password</source>
        <translation>SMTP password</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Empty: the IMAP password is used. Kept in the system keyring.</source>
        <translation>Empty: the IMAP password is used. Kept in the system keyring.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Certificate pi&amp;n:</source>
        <translation>Certificate pi&amp;n:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>SMTP certificate pin</source>
        <translation>SMTP certificate pin</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../desk/ui/settings_dialog.py" line="+67"/>
        <location line="+1"/>
        <source>Settings</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The language, undo window, grouping threshold and answer deadline.</source>
        <translation>The language, undo window, grouping threshold and answer deadline.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Follow the system</source>
        <translation>Follow the system</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Languages</source>
        <translation>Languages</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Follow the system, French or English.</source>
        <translation>Follow the system, French or English.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Send at once</source>
        <translation>Send at once</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>&amp;Language:</source>
        <translation>&amp;Language:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Language</source>
        <translation>Language</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The language of the window. It changes the next time Desk starts.</source>
        <translation>The language of the window. It changes the next time Desk starts.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The language changes the next time Desk starts.</source>
        <translation>The language changes the next time Desk starts.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Undo window (seconds):</source>
        <translation>&amp;Undo window (seconds):</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Undo window in seconds</source>
        <translation>Undo window in seconds</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <source>Replies wait this long in the outbox so you can take them back.</source>
        <translation>Replies wait this long in the outbox so you can take them back.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Similarity threshold (percent):</source>
        <translation>&amp;Similarity threshold (percent):</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Similarity threshold in percent</source>
        <translation>Similarity threshold in percent</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Messages at least this similar are grouped together; a lower value makes bigger groups.</source>
        <translation>Messages at least this similar are grouped together; a lower value makes bigger groups.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A lower value makes bigger groups of similar messages.</source>
        <translation>A lower value makes bigger groups of similar messages.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Answer &amp;deadline (hours):</source>
        <translation>Answer &amp;deadline (hours):</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Answer deadline in hours</source>
        <translation>Answer deadline in hours</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The answer-time promise: messages nearing it come first in the queue.</source>
        <translation>The answer-time promise: messages nearing it come first in the queue.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The answer-time promise; messages nearing it come first.</source>
        <translation>The answer-time promise; messages nearing it come first.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Why the settings could not be saved.</source>
        <translation>Why the settings could not be saved.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Save</source>
        <translation>Save</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keep these settings and close.</source>
        <translation>Keep these settings and close.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close without changing anything.</source>
        <translation>Close without changing anything.</translation>
    </message>
</context>
<context>
    <name>SourceDialog</name>
    <message>
        <location filename="../desk/ui/source_dialog.py" line="-42"/>
        <source>Source of “{subject}”</source>
        <translation>Source of “{subject}”</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <source>Message source</source>
        <translation>Message source</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The message exactly as it arrived, headers first</source>
        <translation>The message exactly as it arrived, headers first</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Loading the source…</source>
        <translation>Loading the source…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Raw source</source>
        <translation>Raw source</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The headers and the encoded body of the message, read-only</source>
        <translation>The headers and the encoded body of the message, read-only</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Close the source (Escape)</source>
        <translation>Close the source (Escape)</translation>
    </message>
</context>
<context>
    <name>StatsDialog</name>
    <message>
        <location filename="../desk/ui/stats_view.py" line="+463"/>
        <location line="+1"/>
        <source>Statistics</source>
        <translation>Statistics</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A period&apos;s key figures, charts and tables, and their export.</source>
        <translation>A period&apos;s key figures, charts and tables, and their export.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Closes the statistics.</source>
        <translation>Closes the statistics.</translation>
    </message>
</context>
<context>
    <name>StatsView</name>
    <message>
        <location line="-356"/>
        <source>Finding the newest messages…</source>
        <translation>Finding the newest messages…</translation>
    </message>
    <message>
        <location filename="../desk/ui/stats_period_bar.py" line="+30"/>
        <source>First day</source>
        <translation>First day</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The first day of the period (included); the figures follow it.</source>
        <translation>The first day of the period (included); the figures follow it.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Last day</source>
        <translation>Last day</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The last day of the period (included); the figures follow it.</source>
        <translation>The last day of the period (included); the figures follow it.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;From:</source>
        <translation>&amp;From:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;To:</source>
        <translation>&amp;To:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>To&amp;day</source>
        <translation>To&amp;day</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Today</source>
        <translation>Today</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shows today&apos;s figures.</source>
        <translation>Shows today&apos;s figures.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;7 days</source>
        <translation>&amp;7 days</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last 7 days</source>
        <translation>Last 7 days</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shows the last 7 days, today included.</source>
        <translation>Shows the last 7 days, today included.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;30 days</source>
        <translation>&amp;30 days</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last 30 days</source>
        <translation>Last 30 days</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shows the last 30 days, today included.</source>
        <translation>Shows the last 30 days, today included.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Refresh</source>
        <translation>&amp;Refresh</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refresh</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Computes the figures again, as they stand now.</source>
        <translation>Computes the figures again, as they stand now.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Working</source>
        <translation>Working</translation>
    </message>
    <message>
        <location filename="../desk/ui/stats_view.py" line="+19"/>
        <source>Key figures</source>
        <translation>Key figures</translation>
    </message>
    <message>
        <location filename="../desk/ui/stats_text.py" line="+35"/>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>{value}%</source>
        <translation>{value}%</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>{seconds} s</source>
        <translation>{seconds} s</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+25"/>
        <source>{minutes} min</source>
        <translation>{minutes} min</translation>
    </message>
    <message>
        <location line="-20"/>
        <source>{hours} h {minutes} min</source>
        <translation>{hours} h {minutes} min</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{days} d {hours} h</source>
        <translation>{days} d {hours} h</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{hours} h</source>
        <translation>{hours} h</translation>
    </message>
    <message>
        <location filename="../desk/ui/stats_view.py" line="+13"/>
        <source>Agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+9"/>
        <location line="+8"/>
        <location line="+229"/>
        <source>Answered</source>
        <translation>Answered</translation>
    </message>
    <message>
        <location line="-246"/>
        <source>Sends</source>
        <translation>Sends</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Actions</source>
        <translation>Actions</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+9"/>
        <location line="+8"/>
        <source>Active time</source>
        <translation>Active time</translation>
    </message>
    <message>
        <location line="-17"/>
        <location line="+9"/>
        <location line="+8"/>
        <source>Time per message</source>
        <translation>Time per message</translation>
    </message>
    <message>
        <location line="-16"/>
        <source>Messages per send</source>
        <translation>Messages per send</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Template</source>
        <translation>Template</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+8"/>
        <source>Replies</source>
        <translation>Replies</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Category</source>
        <translation>Category</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Per agent</source>
        <translation>Per agent</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Per agent: messages answered, sends, actions and active handling time.</source>
        <translation>Per agent: messages answered, sends, actions and active handling time.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Per template</source>
        <translation>Per template</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Per template: replies sent, messages answered and active handling time.</source>
        <translation>Per template: replies sent, messages answered and active handling time.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Per category</source>
        <translation>Per category</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Per category: replies sent, messages answered and active handling time.</source>
        <translation>Per category: replies sent, messages answered and active handling time.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>C&amp;harts</source>
        <translation>C&amp;harts</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Per &amp;agent</source>
        <translation>Per &amp;agent</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Per te&amp;mplate</source>
        <translation>Per te&amp;mplate</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Per &amp;category</source>
        <translation>Per &amp;category</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Forecast</source>
        <translation>&amp;Forecast</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Quality</source>
        <translation>&amp;Quality</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Charts and tables</source>
        <translation>Charts and tables</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Charts of the period, and tables per agent, per template and per category.</source>
        <translation>Charts of the period, and tables per agent, per template and per category.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Export to &amp;Word…</source>
        <translation>Export to &amp;Word…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Export to Word</source>
        <translation>Export to Word</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Writes the report with its tables and a chart to a Word file.</source>
        <translation>Writes the report with its tables and a chart to a Word file.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Export to CS&amp;V…</source>
        <translation>Export to CS&amp;V…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Export to CSV</source>
        <translation>Export to CSV</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Writes one line per day to a CSV file for a spreadsheet.</source>
        <translation>Writes one line per day to a CSV file for a spreadsheet.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Export to E&amp;xcel…</source>
        <translation>Export to E&amp;xcel…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Export to Excel</source>
        <translation>Export to Excel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Writes every table to an Excel (.xlsx) workbook, one tab each.</source>
        <translation>Writes every table to an Excel (.xlsx) workbook, one tab each.</translation>
    </message>
    <message>
        <location filename="../desk/ui/stats_text.py" line="+45"/>
        <source>Messages received</source>
        <translation>Messages received</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Messages answered</source>
        <translation>Messages answered</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Backlog at the start</source>
        <translation>Backlog at the start</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Backlog at the end</source>
        <translation>Backlog at the end</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>First response, median</source>
        <translation>First response, median</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>First response, 90th percentile</source>
        <translation>First response, 90th percentile</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Answered within {hours} h</source>
        <translation>Answered within {hours} h</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Still within the deadline, unanswered</source>
        <translation>Still within the deadline, unanswered</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Senders who wrote again within 7 days</source>
        <translation>Senders who wrote again within 7 days</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Agent actions</source>
        <translation>Agent actions</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Replies sent (send actions)</source>
        <translation>Replies sent (send actions)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Active handling time</source>
        <translation>Active handling time</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Messages answered per send</source>
        <translation>Messages answered per send</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{name}:</source>
        <translation>{name}:</translation>
    </message>
    <message>
        <location filename="../desk/ui/stats_view.py" line="+85"/>
        <source>Days run from midnight to midnight in the time zone {zone}.</source>
        <translation>Days run from midnight to midnight in the time zone {zone}.</translation>
    </message>
    <message>
        <location filename="../desk/ui/stats_text.py" line="+93"/>
        <source>The period ends ({last}) before it starts ({first}): choose a last day on or after the first day.</source>
        <translation>The period ends ({last}) before it starts ({first}): choose a last day on or after the first day.</translation>
    </message>
    <message>
        <location filename="../desk/ui/stats_view.py" line="+24"/>
        <source>Computing the figures…</source>
        <translation>Computing the figures…</translation>
    </message>
    <message>
        <location filename="../desk/ui/stats_text.py" line="-16"/>
        <source>Figures from {first} to {last}, as of {moment}.</source>
        <translation>Figures from {first} to {last}, as of {moment}.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Nothing happened from {first} to {last}: no message arrived, was answered or waited, and no agent action was recorded. Choose another period.</source>
        <translation>Nothing happened from {first} to {last}: no message arrived, was answered or waited, and no agent action was recorded. Choose another period.</translation>
    </message>
    <message>
        <location filename="../desk/ui/stats_view.py" line="+36"/>
        <source>The figures could not be computed: {reason}</source>
        <translation>The figures could not be computed: {reason}</translation>
    </message>
    <message>
        <location filename="../desk/ui/stats_text.py" line="-76"/>
        <source>{share} ({count} of {total})</source>
        <translation>{share} ({count} of {total})</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{count} ({share})</source>
        <translation>{count} ({share})</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>(no template)</source>
        <translation>(no template)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>(no category)</source>
        <translation>(no category)</translation>
    </message>
    <message>
        <location filename="../desk/ui/stats_view.py" line="+34"/>
        <source>No figures to show.</source>
        <translation>No figures to show.</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+7"/>
        <source>Messages per day: received and answered</source>
        <translation>Messages per day: received and answered</translation>
    </message>
    <message>
        <location line="-6"/>
        <location line="+16"/>
        <source>Messages per hour of the day</source>
        <translation>Messages per hour of the day</translation>
    </message>
    <message>
        <location line="-13"/>
        <source>Received</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../desk/ui/stats_text.py" line="+50"/>
        <source>From {first} to {last}: {received} messages received and {answered} answered. The busiest day was {day}, with {count} received.</source>
        <translation>From {first} to {last}: {received} messages received and {answered} answered. The busiest day was {day}, with {count} received.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>From {first} to {last}: no message received, {answered} answered.</source>
        <translation>From {first} to {last}: no message received, {answered} answered.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Over the period, the most messages arrived between {start}:00 and {end}:00 ({count} received); the most answers were sent between {answer_start}:00 and {answer_end}:00 ({answers} answered).</source>
        <translation>Over the period, the most messages arrived between {start}:00 and {end}:00 ({count} received); the most answers were sent between {answer_start}:00 and {answer_end}:00 ({answers} answered).</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>No message arrived in the period.</source>
        <translation>No message arrived in the period.</translation>
    </message>
    <message>
        <location filename="../desk/ui/stats_view.py" line="+27"/>
        <source>Word documents (*.docx)</source>
        <translation>Word documents (*.docx)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV files (*.csv)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel workbooks (*.xlsx)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Export the statistics</source>
        <translation>Export the statistics</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>statistics {first} {last}.{extension}</source>
        <translation>statistics {first} {last}.{extension}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Exporting to {path}…</source>
        <translation>Exporting to {path}…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Statistics exported to {path}.</source>
        <translation>Statistics exported to {path}.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The export failed: {reason}</source>
        <translation>The export failed: {reason}</translation>
    </message>
    <message>
        <location filename="../desk/ui/stats_text.py" line="+28"/>
        <source>{path} cannot be written: {reason}. Nothing was exported.</source>
        <translation>{path} cannot be written: {reason}. Nothing was exported.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>the period ends before it starts.</source>
        <translation>the period ends before it starts.</translation>
    </message>
</context>
<context>
    <name>SuggestedQueueModel</name>
    <message>
        <location filename="../desk/ui/suggestion_model.py" line="+38"/>
        <source>Suggested</source>
        <translation>Suggested</translation>
    </message>
    <message>
        <location line="+71"/>
        <source>{percent} %</source>
        <translation>{percent} %</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{template} — {confidence}</source>
        <translation>{template} — {confidence}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Suggested from similar messages among the {count} answered with this template; right {confidence} of the time at this score</source>
        <translation>Suggested from similar messages among the {count} answered with this template; right {confidence} of the time at this score</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>No suggestion</source>
        <translation>No suggestion</translation>
    </message>
</context>
<context>
    <name>SuggestionDialog</name>
    <message>
        <location filename="../desk/ui/suggestion_dialog.py" line="+56"/>
        <source>Answer by suggestion: {template}</source>
        <translation>Answer by suggestion: {template}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Answer by suggestion</source>
        <translation>Answer by suggestion</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The clusters suggested this template; untick those that should not get it</source>
        <translation>The clusters suggested this template; untick those that should not get it</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Cluster</source>
        <translation>Cluster</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Asks</source>
        <translation>Asks</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open messages</source>
        <translation>Open messages</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Confidence</source>
        <translation>Confidence</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Clusters to answer</source>
        <translation>Clusters to answer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Space ticks or unticks the selected cluster</source>
        <translation>Space ticks or unticks the selected cluster</translation>
    </message>
    <message>
        <location line="+16"/>
        <location line="+6"/>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>Send to the ticked clusters</source>
        <translation>Send to the ticked clusters</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Queue one reply per person of every ticked cluster, held for the undo window</source>
        <translation>Queue one reply per person of every ticked cluster, held for the undo window</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Close without sending anything</source>
        <translation>Close without sending anything</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>(no subject)</source>
        <translation>(no subject)</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>{percent} %</source>
        <translation>{percent} %</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>held by {name}</source>
        <translation>held by {name}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the template has a brace problem: fix it in the editor</source>
        <translation>the template has a brace problem: fix it in the editor</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>needs your words: {placeholders} has no value for someone</source>
        <translation>needs your words: {placeholders} has no value for someone</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>nothing left to answer here</source>
        <translation>nothing left to answer here</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{count} that also ask something else left out</source>
        <translation>{count} that also ask something else left out</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>{messages} messages in {clusters} clusters will get template {template}.</source>
        <translation>{messages} messages in {clusters} clusters will get template {template}.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;Send to 1 person</source>
        <translation>&amp;Send to 1 person</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Send to {people} people</source>
        <translation>&amp;Send to {people} people</translation>
    </message>
</context>
<context>
    <name>SuggestionsController</name>
    <message>
        <location filename="../desk/ui/suggestions_controller.py" line="+68"/>
        <source>G&amp;roup the queue by suggestion</source>
        <translation>G&amp;roup the queue by suggestion</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>List together the clusters suggested the same template</source>
        <translation>List together the clusters suggested the same template</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Answer all clusters with this suggestion…</source>
        <translation>&amp;Answer all clusters with this suggestion…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Review every open cluster suggested this row&apos;s template, then answer them</source>
        <translation>Review every open cluster suggested this row&apos;s template, then answer them</translation>
    </message>
    <message>
        <location line="+66"/>
        <source>Answer all clusters suggested {template}…</source>
        <translation>Answer all clusters suggested {template}…</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Set up the mailbox account to send (File → Mailbox account).</source>
        <translation>Set up the mailbox account to send (File → Mailbox account).</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The database cannot be reached: reconnecting…</source>
        <translation>The database cannot be reached: reconnecting…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Opening the desk…</source>
        <translation>Opening the desk…</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The selected row has no suggested template.</source>
        <translation>The selected row has no suggested template.</translation>
    </message>
    <message>
        <location line="+63"/>
        <source>Nothing was sent</source>
        <translation>Nothing was sent</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Some clusters were not answered</source>
        <translation>Some clusters were not answered</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{count} clusters changed since the review opened and got no reply; open them to check:</source>
        <translation>{count} clusters changed since the review opened and got no reply; open them to check:</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{replies} replies queued for {clusters} clusters.</source>
        <translation>{replies} replies queued for {clusters} clusters.</translation>
    </message>
</context>
<context>
    <name>TeamPage</name>
    <message>
        <location filename="../desk/ui/first_start_dialog.py" line="-173"/>
        <source>Join your team</source>
        <translation>Join your team</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The address of the team&apos;s database and your own login, from your team lead.</source>
        <translation>The address of the team&apos;s database and your own login, from your team lead.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>db.example.org or db.example.org:5432</source>
        <translation>db.example.org or db.example.org:5432</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Database server</source>
        <translation>Database server</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The server&apos;s name, and its port after a colon when it is not 5432.</source>
        <translation>The server&apos;s name, and its port after a colon when it is not 5432.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Database name</source>
        <translation>Database name</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>The team&apos;s database on the server.</source>
        <translation>The team&apos;s database on the server.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Your login</source>
        <translation>Your login</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Your own login, not the team&apos;s.</source>
        <translation>Your own login, not the team&apos;s.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Your password</source>
        <translation>Your password</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Kept in your PostgreSQL password file, never in Desk&apos;s settings. Leave it empty when your organisation signs you in another way.</source>
        <translation>Kept in your PostgreSQL password file, never in Desk&apos;s settings. Leave it empty when your organisation signs you in another way.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Check</source>
        <translation>&amp;Check</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Check</source>
        <translation>Check</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Connect with these settings and check that you are in the team.</source>
        <translation>Connect with these settings and check that you are in the team.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Working</source>
        <translation>Working</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Desk is talking to the database.</source>
        <translation>Desk is talking to the database.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Shared mailbox</source>
        <translation>Shared mailbox</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The team&apos;s mailbox this computer answers.</source>
        <translation>The team&apos;s mailbox this computer answers.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>What the check found.</source>
        <translation>What the check found.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What needs fixing.</source>
        <translation>What needs fixing.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Server:</source>
        <translation>&amp;Server:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Database:</source>
        <translation>&amp;Database:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Login:</source>
        <translation>&amp;Login:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Password:</source>
        <translation>&amp;Password:</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Give the server as its name, or name:port.</source>
        <translation>Give the server as its name, or name:port.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Give the database&apos;s name and your login.</source>
        <translation>Give the database&apos;s name and your login.</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>agent</source>
        <translation>agent</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>team lead</source>
        <translation>team lead</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>owner</source>
        <translation>owner</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Connected as {login} ({role}).</source>
        <translation>Connected as {login} ({role}).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The team has no shared mailbox yet; set it later with File &gt; Mailbox account…</source>
        <translation>The team has no shared mailbox yet; set it later with File &gt; Mailbox account…</translation>
    </message>
</context>
<context>
    <name>TeamPanel</name>
    <message>
        <location filename="../desk/ui/team_panel.py" line="+49"/>
        <source>Who</source>
        <translation>Who</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Where</source>
        <translation>Where</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Connected since</source>
        <translation>Connected since</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Holds</source>
        <translation>Holds</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last seen</source>
        <translation>Last seen</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Team</source>
        <translation>Team</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Who is connected, what each agent holds and since when</source>
        <translation>Who is connected, what each agent holds and since when</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Release their claims</source>
        <translation>&amp;Release their claims</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Release their claims</source>
        <translation>Release their claims</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Give the selected agent&apos;s messages back to the queue (team leads)</source>
        <translation>Give the selected agent&apos;s messages back to the queue (team leads)</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>The team&apos;s service</source>
        <translation>The team&apos;s service</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{messages}, {clusters}</source>
        <translation>{messages}, {clusters}</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n message(s)</source>
        <translation>
            <numerusform>%n message</numerusform>
            <numerusform>%n messages</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n cluster(s)</source>
        <translation>
            <numerusform>%n cluster</numerusform>
            <numerusform>%n clusters</numerusform>
        </translation>
    </message>
    <message>
        <location line="+20"/>
        <source>{agents} agents connected; {held} messages held</source>
        <translation>{agents} agents connected; {held} messages held</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>{who}: answered meanwhile by someone else</source>
        <translation>{who}: answered meanwhile by someone else</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{who}: an answer is already on its way</source>
        <translation>{who}: an answer is already on its way</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{who}: now held by {holder}</source>
        <translation>{who}: now held by {holder}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{who}: wrote again at {time}</source>
        <translation>{who}: wrote again at {time}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{who}: closed meanwhile</source>
        <translation>{who}: closed meanwhile</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{who}: no longer in the mailbox</source>
        <translation>{who}: no longer in the mailbox</translation>
    </message>
</context>
<context>
    <name>TemplateButtons</name>
    <message>
        <location filename="../desk/ui/template_buttons.py" line="+18"/>
        <source>Ne&amp;w</source>
        <translation>Ne&amp;w</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New template</source>
        <translation>New template</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Empties the form to write a new template.</source>
        <translation>Empties the form to write a new template.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Duplicate</source>
        <translation>&amp;Duplicate</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Duplicate template</source>
        <translation>Duplicate template</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Saves a copy of this template under a new name and opens it.</source>
        <translation>Saves a copy of this template under a new name and opens it.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>D&amp;elete</source>
        <translation>D&amp;elete</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete template</source>
        <translation>Delete template</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Deletes this template after asking; sent replies keep their text.</source>
        <translation>Deletes this template after asking; sent replies keep their text.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Save</source>
        <translation>&amp;Save</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save template</source>
        <translation>Save template</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Saves the changes (Ctrl+S).</source>
        <translation>Saves the changes (Ctrl+S).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Import from Word…</source>
        <translation>&amp;Import from Word…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Import from Word</source>
        <translation>Import from Word</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Adds the templates of a Word .docx file; what an email cannot carry (images, tables…) is left out and listed.</source>
        <translation>Adds the templates of a Word .docx file; what an email cannot carry (images, tables…) is left out and listed.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>E&amp;xport to Word…</source>
        <translation>E&amp;xport to Word…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export to Word</source>
        <translation>Export to Word</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Writes every template to a Word .docx file that can be imported back.</source>
        <translation>Writes every template to a Word .docx file that can be imported back.</translation>
    </message>
</context>
<context>
    <name>TemplateEditor</name>
    <message>
        <location filename="../desk/ui/template_editor.py" line="+415"/>
        <location line="+1"/>
        <source>Reply templates</source>
        <translation>Reply templates</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Write, check, import and export the reply templates of the team.</source>
        <translation>Write, check, import and export the reply templates of the team.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Closes the template editor (asks first about unsaved changes).</source>
        <translation>Closes the template editor (asks first about unsaved changes).</translation>
    </message>
</context>
<context>
    <name>TemplateEditorWidget</name>
    <message>
        <location filename="../desk/ui/template_reports.py" line="+32"/>
        <source>images</source>
        <translation>images</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>tables</source>
        <translation>tables</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>text boxes</source>
        <translation>text boxes</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>content controls</source>
        <translation>content controls</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>page headers</source>
        <translation>page headers</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>page footers</source>
        <translation>page footers</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>tracked changes</source>
        <translation>tracked changes</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>equations</source>
        <translation>equations</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>comments</source>
        <translation>comments</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>footnotes</source>
        <translation>footnotes</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>endnotes</source>
        <translation>endnotes</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>embedded objects</source>
        <translation>embedded objects</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>fields</source>
        <translation>fields</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ruby text</source>
        <translation>ruby text</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>symbols</source>
        <translation>symbols</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>strikethrough</source>
        <translation>strikethrough</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>highlighting</source>
        <translation>highlighting</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>superscript and subscript</source>
        <translation>superscript and subscript</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>text colours</source>
        <translation>text colours</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>links inside the document</source>
        <translation>links inside the document</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>damaged template details</source>
        <translation>damaged template details</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>the style “{name}”</source>
        <translation>the style “{name}”</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>“{name}”</source>
        <translation>“{name}”</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The file held no template: nothing was imported.</source>
        <translation>The file held no template: nothing was imported.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Imported one template: {names}.</source>
        <translation>Imported one template: {names}.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Imported {count} templates: {names}.</source>
        <translation>Imported {count} templates: {names}.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>“{old}” was renamed “{new}”: that name was already taken.</source>
        <translation>“{old}” was renamed “{new}”: that name was already taken.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{kind} ({count})</source>
        <translation>{kind} ({count})</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Left out, because a reply cannot carry them: {items}.</source>
        <translation>Left out, because a reply cannot carry them: {items}.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Nothing was left out.</source>
        <translation>Nothing was left out.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>A template named “{existing}” already exists. Choose another name; nothing was saved.</source>
        <translation>A template named “{existing}” already exists. Choose another name; nothing was saved.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Give the template a name (at most 200 characters); nothing was saved.</source>
        <translation>Give the template a name (at most 200 characters); nothing was saved.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The category is too long (at most 50 characters); nothing was saved.</source>
        <translation>The category is too long (at most 50 characters); nothing was saved.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>This template was deleted meanwhile (perhaps by a colleague). Your text is still here: save it as a new template with New, then paste it.</source>
        <translation>This template was deleted meanwhile (perhaps by a colleague). Your text is still here: save it as a new template with New, then paste it.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{path} cannot be imported: {reason}. Nothing was imported.</source>
        <translation>{path} cannot be imported: {reason}. Nothing was imported.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{path} cannot be written: {reason}. Nothing was exported.</source>
        <translation>{path} cannot be written: {reason}. Nothing was exported.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The file could not be used: {reason}</source>
        <translation>The file could not be used: {reason}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Something went wrong: {error}</source>
        <translation>Something went wrong: {error}</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Line {line}, column {column}: {text} is not a placeholder Desk knows.</source>
        <translation>Line {line}, column {column}: {text} is not a placeholder Desk knows.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Line {line}, column {column}: {text} names no placeholder.</source>
        <translation>Line {line}, column {column}: {text} names no placeholder.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Line {line}, column {column}: this “{{” is never closed (write {{{{ for a brace).</source>
        <translation>Line {line}, column {column}: this “{{” is never closed (write {{{{ for a brace).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Line {line}, column {column}: this “}}” closes nothing (write }}}} for a brace).</source>
        <translation>Line {line}, column {column}: this “}}” closes nothing (write }}}} for a brace).</translation>
    </message>
    <message>
        <location filename="../desk/ui/template_editor.py" line="-308"/>
        <source>Search templates</source>
        <translation>Search templates</translation>
    </message>
    <message>
        <location line="+198"/>
        <source>Delete template</source>
        <translation>Delete template</translation>
    </message>
    <message>
        <location line="-203"/>
        <source>Save template</source>
        <translation>Save template</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Unsaved changes.</source>
        <translation>Unsaved changes.</translation>
    </message>
    <message>
        <location filename="../desk/ui/template_questions.py" line="+20"/>
        <source>(no name)</source>
        <translation>(no name)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Unsaved changes</source>
        <translation>Unsaved changes</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The template “{name}” has unsaved changes. Save them?</source>
        <translation>The template “{name}” has unsaved changes. Save them?</translation>
    </message>
    <message>
        <location filename="../desk/ui/template_editor.py" line="+162"/>
        <source>Template “{name}” saved.</source>
        <translation>Template “{name}” saved.</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Delete the template “{name}”? Replies already sent keep their text; this cannot be undone.</source>
        <translation>Delete the template “{name}”? Replies already sent keep their text; this cannot be undone.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Template “{name}” deleted.</source>
        <translation>Template “{name}” deleted.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Copy “{name}” created; it is open now.</source>
        <translation>Copy “{name}” created; it is open now.</translation>
    </message>
    <message>
        <location filename="../desk/ui/template_questions.py" line="+32"/>
        <source>Import templates from Word</source>
        <translation>Import templates from Word</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+11"/>
        <source>Word documents (*.docx)</source>
        <translation>Word documents (*.docx)</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>Export templates to Word</source>
        <translation>Export templates to Word</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>reply templates.docx</source>
        <translation>reply templates.docx</translation>
    </message>
    <message>
        <location filename="../desk/ui/template_editor.py" line="+22"/>
        <source>Importing {path}…</source>
        <translation>Importing {path}…</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Exporting to {path}…</source>
        <translation>Exporting to {path}…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Exported one template to {path}.</source>
        <translation>Exported one template to {path}.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Exported {count} templates to {path}.</source>
        <translation>Exported {count} templates to {path}.</translation>
    </message>
</context>
<context>
    <name>TemplateForm</name>
    <message>
        <location filename="../desk/ui/template_form.py" line="+82"/>
        <source>Template name</source>
        <translation>Template name</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The name agents pick the template by; two templates cannot share a name.</source>
        <translation>The name agents pick the template by; two templates cannot share a name.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Category</source>
        <translation>Category</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Optional: the kind of request this template answers (exams, payment…).</source>
        <translation>Optional: the kind of request this template answers (exams, payment…).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>French</source>
        <translation>French</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>English</source>
        <translation>English</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Language</source>
        <translation>Language</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The language the reply is written in; placeholders are inserted in it.</source>
        <translation>The language the reply is written in; placeholders are inserted in it.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Template text</source>
        <translation>Template text</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The reply as plain text. Placeholders are written in braces, like {{prénom}}. {shortcut} opens the menu of placeholders; Tab leaves the text.</source>
        <translation>The reply as plain text. Placeholders are written in braces, like {{prénom}}. {shortcut} opens the menu of placeholders; Tab leaves the text.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Body:</source>
        <translation>&amp;Body:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This template also has a formatted version (from Word). If you change the text here, it is saved as plain text and that formatting is dropped.</source>
        <translation>This template also has a formatted version (from Word). If you change the text here, it is saved as plain text and that formatting is dropped.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Placeholders</source>
        <translation>Placeholders</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Insert &amp;placeholder</source>
        <translation>Insert &amp;placeholder</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+8"/>
        <source>Insert placeholder</source>
        <translation>Insert placeholder</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>Opens the list of placeholders; the one chosen is written at the cursor in the text. Shortcut: {shortcut}.</source>
        <translation>Opens the list of placeholders; the one chosen is written at the cursor in the text. Shortcut: {shortcut}.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Problems in the text</source>
        <translation>Problems in the text</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Braces Desk cannot read; Enter on one moves the cursor to it in the text.</source>
        <translation>Braces Desk cannot read; Enter on one moves the cursor to it in the text.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Pr&amp;oblems:</source>
        <translation>Pr&amp;oblems:</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>F&amp;allbacks:</source>
        <translation>F&amp;allbacks:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Category:</source>
        <translation>&amp;Category:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Language:</source>
        <translation>&amp;Language:</translation>
    </message>
    <message>
        <location line="+118"/>
        <source>{placeholder} — {description}</source>
        <translation>{placeholder} — {description}</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>One problem: this reply could not be sent as it is.</source>
        <translation>One problem: this reply could not be sent as it is.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{count} problems: this reply could not be sent as it is.</source>
        <translation>{count} problems: this reply could not be sent as it is.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No problem: every placeholder is recognised.</source>
        <translation>No problem: every placeholder is recognised.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The text is empty.</source>
        <translation>The text is empty.</translation>
    </message>
</context>
<context>
    <name>TemplateListPane</name>
    <message>
        <location filename="../desk/ui/template_list.py" line="+57"/>
        <source>Name, category or words of the text</source>
        <translation>Name, category or words of the text</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Search templates</source>
        <translation>Search templates</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Lists the templates whose name, category or text contain every word typed, ignoring case and accents. Ctrl+F comes back here.</source>
        <translation>Lists the templates whose name, category or text contain every word typed, ignoring case and accents. Ctrl+F comes back here.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Sea&amp;rch:</source>
        <translation>Sea&amp;rch:</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Templates</source>
        <translation>Templates</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The templates found; choosing one opens it in the form on the right.</source>
        <translation>The templates found; choosing one opens it in the form on the right.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Templates:</source>
        <translation>&amp;Templates:</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>Category: {category}</source>
        <translation>Category: {category}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{count} templates found.</source>
        <translation>{count} templates found.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>One template found.</source>
        <translation>One template found.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No template matches these words.</source>
        <translation>No template matches these words.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No template yet: write one and save it.</source>
        <translation>No template yet: write one and save it.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The templates could not be listed: {reason}</source>
        <translation>The templates could not be listed: {reason}</translation>
    </message>
</context>
<context>
    <name>WindowDialogs</name>
    <message>
        <location filename="../desk/ui/window_dialogs.py" line="+107"/>
        <source>Set up the mailbox first: these settings are the mailbox&apos;s.</source>
        <translation>Set up the mailbox first: these settings are the mailbox&apos;s.</translation>
    </message>
</context>
</TS>
