<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../desk/ui/about_dialog.py" line="+26"/>
        <location line="+1"/>
        <source>About Desk</source>
        <translation>À propos de Desk</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The version of Desk and where its logs are</source>
        <translation>La version de Desk et l’emplacement de ses journaux</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Desk {version}</source>
        <translation>Desk {version}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Answers a shared mailbox cluster by cluster.</source>
        <translation>Répond à une boîte partagée groupe par groupe.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Qt {qt}, PySide6 {pyside}, Python {python}</source>
        <translation>Qt {qt}, PySide6 {pyside}, Python {python}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Logs: {folder}</source>
        <translation>Journaux&#xa0;: {folder}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Close the About box</source>
        <translation>Fermer la fenêtre À propos</translation>
    </message>
</context>
<context>
    <name>AccountDialog</name>
    <message>
        <location filename="../desk/ui/account_dialog.py" line="+85"/>
        <source>Shared mailbox</source>
        <translation>Boîte partagée</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shared mailbox set-up</source>
        <translation>Configuration de la boîte partagée</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The servers, folders and passwords Desk uses to read and answer the mailbox.</source>
        <translation>Les serveurs, dossiers et mots de passe qu’utilise Desk pour lire la boîte et y répondre.</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>&amp;Test connection</source>
        <translation>Tester la conne&amp;xion</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Test connection</source>
        <translation>Tester la connexion</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Log in to both servers with these settings, without saving them.</source>
        <translation>Se connecter aux deux serveurs avec ces paramètres, sans les enregistrer.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Working</source>
        <translation>Traitement en cours</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Desk is talking to the servers.</source>
        <translation>Desk communique avec les serveurs.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>What needs fixing before the account can be used.</source>
        <translation>Ce qu’il faut corriger avant de pouvoir utiliser le compte.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>What the incoming mail server answered to the test.</source>
        <translation>La réponse du serveur de courrier entrant au test.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>What the outgoing mail server answered to the test.</source>
        <translation>La réponse du serveur de courrier sortant au test.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Configured folders the server does not have.</source>
        <translation>Les dossiers configurés qui n’existent pas sur le serveur.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Save</source>
        <translation>Enregistrer</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Check the settings, then keep them and the passwords.</source>
        <translation>Vérifier les paramètres, puis les enregistrer avec les mots de passe.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close without saving anything.</source>
        <translation>Fermer sans rien enregistrer.</translation>
    </message>
    <message>
        <location line="+118"/>
        <source>Type the IMAP password to test the connection.</source>
        <translation>Saisissez le mot de passe IMAP pour tester la connexion.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Testing the connection…</source>
        <translation>Test de la connexion…</translation>
    </message>
    <message>
        <location filename="../desk/ui/account_reports.py" line="+27"/>
        <source>The {kind} server {server} refused the login of {user} for the account {account}: {reason}. Check the user name and password.</source>
        <translation>Le serveur {kind} {server} a refusé la connexion de {user} pour le compte {account}&#xa0;: {reason}. Vérifiez l’identifiant et le mot de passe.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The system keyring cannot be used for the account {account} ({reason}).</source>
        <translation>Le trousseau du système ne peut pas être utilisé pour le compte {account} ({reason}).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The {kind} server {server} cannot be reached ({reason}).</source>
        <translation>Le serveur {kind} {server} est injoignable ({reason}).</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>IMAP: connected. Folders on the server ({count}): {names}.</source>
        <translation>IMAP&#xa0;: connecté. Dossiers sur le serveur ({count})&#xa0;: {names}.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Warning: these folders do not exist on the server: {folders}. Create them or correct their names.</source>
        <translation>Attention&#xa0;: ces dossiers n’existent pas sur le serveur&#xa0;: {folders}. Créez-les ou corrigez leur nom.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>IMAP failed: {reason}</source>
        <translation>Échec IMAP&#xa0;: {reason}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>SMTP: no server set, so no replies can be sent.</source>
        <translation>SMTP&#xa0;: aucun serveur indiqué, aucune réponse ne peut donc être envoyée.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>SMTP: connected.</source>
        <translation>SMTP&#xa0;: connecté.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>SMTP failed: {reason}</source>
        <translation>Échec SMTP&#xa0;: {reason}</translation>
    </message>
    <message>
        <location filename="../desk/ui/account_dialog.py" line="+42"/>
        <source>Type the IMAP password: Desk keeps it in the system keyring.</source>
        <translation>Saisissez le mot de passe IMAP&#xa0;: Desk le conserve dans le trousseau du système.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Saving…</source>
        <translation>Enregistrement…</translation>
    </message>
</context>
<context>
    <name>AnswerPanel</name>
    <message>
        <location filename="../desk/ui/answer_panel.py" line="+79"/>
        <source>Search templates (Ctrl+T)</source>
        <translation>Rechercher un modèle (Ctrl+T)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Template search</source>
        <translation>Recherche de modèles</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Type words of a template&apos;s name, category or text; Down moves to the list</source>
        <translation>Tapez des mots du nom, de la catégorie ou du texte d’un modèle&#xa0;; la flèche Bas mène à la liste</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Templates</source>
        <translation>Modèles</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reply templates matching the search; Enter chooses one</source>
        <translation>Les modèles de réponse correspondant à la recherche&#xa0;; Entrée en choisit un</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Template:</source>
        <translation>&amp;Modèle&#xa0;:</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Answer text</source>
        <translation>Texte de la réponse</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The chosen template&apos;s text with its placeholders; changes apply to this answer only and the preview follows them</source>
        <translation>Le texte du modèle choisi, avec ses variables&#xa0;; les modifications ne valent que pour cette réponse et l’aperçu les suit</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Answer te&amp;xt (placeholders in braces):</source>
        <translation>Te&amp;xte de la réponse (variables entre accolades)&#xa0;:</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>◀ &amp;Previous</source>
        <translation>◀ &amp;Précédent</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Previous recipient</source>
        <translation>Destinataire précédent</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show the reply the previous recipient gets (Alt+Left)</source>
        <translation>Afficher la réponse que reçoit le destinataire précédent (Alt+Gauche)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Next ▶</source>
        <translation>&amp;Suivant ▶</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Next recipient</source>
        <translation>Destinataire suivant</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show the reply the next recipient gets (Alt+Right)</source>
        <translation>Afficher la réponse que reçoit le destinataire suivant (Alt+Droite)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Reply preview</source>
        <translation>Aperçu de la réponse</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Exactly what the shown recipient will receive</source>
        <translation>Exactement ce que recevra le destinataire affiché</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Send the answer</source>
        <translation>Envoyer la réponse</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Queue one reply per recipient; you confirm first (Ctrl+Return)</source>
        <translation>Place une réponse par destinataire dans la boîte d’envoi, après votre confirmation (Ctrl+Entrée)</translation>
    </message>
    <message>
        <location line="+87"/>
        <source>{name} — {category}</source>
        <translation>{name} — {category}</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>Free text</source>
        <translation>Texte libre</translation>
    </message>
    <message>
        <location line="+69"/>
        <source>The preview failed: {error}</source>
        <translation>L’aperçu a échoué&#xa0;: {error}</translation>
    </message>
    <message>
        <location line="+64"/>
        <source>Recipient {n} of {total}: {who}</source>
        <translation>Destinataire {n} sur {total}&#xa0;: {who}</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>No open message is chosen.</source>
        <translation>Aucun message ouvert n’est sélectionné.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose a template first (Ctrl+T).</source>
        <translation>Choisissez d’abord un modèle (Ctrl+T).</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Preparing the preview…</source>
        <translation>Préparation de l’aperçu…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The preview is not ready.</source>
        <translation>L’aperçu n’est pas prêt.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>None of these messages can be answered any more.</source>
        <translation>Plus aucun de ces messages ne peut recevoir de réponse.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Fix the problems above before sending.</source>
        <translation>Corrigez les problèmes ci-dessus avant l’envoi.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Line {line}: {problem}</source>
        <translation>Ligne {line}&#xa0;: {problem}</translation>
    </message>
    <message numerus="yes">
        <location line="+10"/>
        <source>{placeholder} has no value for %n recipient(s): {who} and {more} more</source>
        <translation>
            <numerusform>{placeholder} n’a pas de valeur pour %n destinataire&#xa0;: {who} et {more} autres</numerusform>
            <numerusform>{placeholder} n’a pas de valeur pour %n destinataires&#xa0;: {who} et {more} autres</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>{placeholder} has no value for %n recipient(s): {who}</source>
        <translation>
            <numerusform>{placeholder} n’a pas de valeur pour %n destinataire&#xa0;: {who}</numerusform>
            <numerusform>{placeholder} n’a pas de valeur pour %n destinataires&#xa0;: {who}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+7"/>
        <source>%n message(s) left out: answered meanwhile, closed or without address.</source>
        <translation>
            <numerusform>%n message écarté&#xa0;: répondu entre-temps, clos ou sans adresse.</numerusform>
            <numerusform>%n messages écartés&#xa0;: répondus entre-temps, clos ou sans adresse.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+16"/>
        <source>&amp;Answer {count} messages</source>
        <translation>&amp;Répondre à {count} messages</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Answer</source>
        <translation>&amp;Répondre</translation>
    </message>
</context>
<context>
    <name>AsksMoreBanner</name>
    <message>
        <location filename="../desk/ui/asks_more.py" line="+100"/>
        <source>Also asks something else</source>
        <translation>Demande aussi autre chose</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This message asks more than its cluster: what else, and how to deal with it</source>
        <translation>Ce message demande plus que son groupe&#xa0;: quoi d’autre, et comment le traiter</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Answer it separately or move it out of the cluster.</source>
        <translation>Répondez-y à part ou sortez-le du groupe.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Move out of the &amp;cluster</source>
        <translation>Déplacer &amp;hors du groupe</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Move out of the cluster</source>
        <translation>Sortir du groupe</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Take this message out of the cluster, to answer it on its own</source>
        <translation>Retirer ce message du groupe, pour y répondre à part</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>This message also asks something else: “{request}”.</source>
        <translation>Ce message demande aussi autre chose&#xa0;: «&#xa0;{request}&#xa0;».</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>It is marked in the text below with a dotted underline.</source>
        <translation>Cette demande est soulignée en pointillés dans le texte ci-dessous.</translation>
    </message>
</context>
<context>
    <name>Categories</name>
    <message>
        <location filename="../desk/ui/models.py" line="+70"/>
        <source>Complaint</source>
        <translation>Réclamation</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Accessibility</source>
        <translation>Accessibilité</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Exams</source>
        <translation>Examens</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Payment</source>
        <translation>Paiement</translation>
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
        <translation>Bienvenue dans Desk</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How will you work on this computer?</source>
        <translation>Comment allez-vous travailler sur cet ordinateur&#x202f;?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Alone on this computer</source>
        <translation>En solo sur cet &amp;ordinateur</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>With my &amp;team</source>
        <translation>Avec mon é&amp;quipe</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Desk keeps the mail and your answers in a database on this computer, in {folder}. You then give the shared mailbox&apos;s servers and password.</source>
        <translation>Desk garde le courrier et vos réponses dans une base de données sur cet ordinateur, dans {folder}. Vous indiquez ensuite les serveurs et le mot de passe de la boîte partagée.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Your team shares one database on a server. You need its address and your own login, from your team lead. No mailbox password is asked: the team&apos;s service reads and sends the mail.</source>
        <translation>Votre équipe partage une base de données sur un serveur. Il vous faut son adresse et votre propre identifiant, donnés par votre responsable. Aucun mot de passe de boîte mail n’est demandé&#xa0;: le service de l’équipe lit et envoie le courrier.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Alone on this computer</source>
        <translation>En solo sur cet ordinateur</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>With my team</source>
        <translation>Avec mon équipe</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Why saving failed.</source>
        <translation>Pourquoi l’enregistrement a échoué.</translation>
    </message>
</context>
<context>
    <name>DeskStatusBar</name>
    <message>
        <location filename="../desk/ui/status_bar.py" line="+35"/>
        <source>Sync progress</source>
        <translation>Progression de la synchronisation</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Sending progress</source>
        <translation>Progression de l’envoi</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+4"/>
        <source>Stop sending</source>
        <translation>Arrêter l’envoi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop after the reply going out now; the rest stays in the outbox</source>
        <translation>S’arrêter après la réponse en cours d’envoi&#xa0;; le reste demeure dans la boîte d’envoi</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>No mailbox account (reading only)</source>
        <translation>Aucun compte de messagerie (lecture seule)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Connecting…</source>
        <translation>Connexion…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Connected</source>
        <translation>Connecté</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Synced by {holder}</source>
        <translation>Relevé par {holder}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Synced by the team&apos;s service</source>
        <translation>Relevé par le service de l’équipe</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Offline — retrying in {seconds} s</source>
        <translation>Hors connexion — nouvel essai dans {seconds}&#xa0;s</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Mailbox refused: {reason}</source>
        <translation>Boîte refusée&#xa0;: {reason}</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Database refused: {reason}</source>
        <translation>Base de données refusée&#xa0;: {reason}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Database connection lost — reconnecting (next try in {seconds} s)</source>
        <translation>Connexion à la base perdue — reconnexion (prochain essai dans {seconds} s)</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Connecting</source>
        <translation>Connexion</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Checking</source>
        <translation>Vérification</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Headers %v/%m</source>
        <translation>En-têtes %v/%m</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Messages %v/%m</source>
        <translation>Messages %v/%m</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Done</source>
        <translation>Terminé</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clustering</source>
        <translation>Regroupement</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Sending %v/%m</source>
        <translation>Envoi %v/%m</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Outbox: {waiting} waiting, {failed} failed</source>
        <translation>Boîte d’envoi&#xa0;: {waiting} en attente, {failed} en échec</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{outbox}, {in_doubt} in doubt</source>
        <translation>{outbox}, {in_doubt} incertaines</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{outbox}; {count} with other services</source>
        <translation>{outbox}&#x202f;; {count} chez d’autres services</translation>
    </message>
    <message>
        <location line="-10"/>
        <source>Outbox: {waiting} waiting</source>
        <translation>Boîte d’envoi&#xa0;: {waiting} en attente</translation>
    </message>
</context>
<context>
    <name>Dialogs</name>
    <message>
        <location filename="../desk/ui/widgets.py" line="+44"/>
        <source>Close</source>
        <translation>Fermer</translation>
    </message>
</context>
<context>
    <name>ErrorText</name>
    <message>
        <location filename="../desk/ui/error_text.py" line="+27"/>
        <source>The database was created by a newer version of Desk. It was left untouched; please install the newer Desk.</source>
        <translation>La base de données a été créée par une version plus récente de Desk. Elle n’a pas été modifiée&#xa0;; installez la version plus récente de Desk.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The database is older than this Desk and was not upgraded; nothing was written. Ask the team lead to upgrade it.</source>
        <translation>La base de données est plus ancienne que ce Desk et n’a pas été mise à jour&#xa0;; rien n’a été écrit. Demandez au responsable d’équipe de la mettre à jour.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The database is locked by another program. Nothing was written; close the other program or try again.</source>
        <translation>La base de données est verrouillée par un autre programme. Rien n’a été écrit&#xa0;; fermez l’autre programme ou réessayez.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The database is read-only. Nothing was written; check the file&apos;s permissions.</source>
        <translation>La base de données est en lecture seule. Rien n’a été écrit&#xa0;; vérifiez les droits du fichier.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The database is not a valid Desk database (it may be damaged). It was left untouched.</source>
        <translation>Ce n’est pas une base de données Desk valide (elle est peut-être endommagée). Elle n’a pas été modifiée.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The database cannot be reached: {reason}</source>
        <translation>La base de données est injoignable&#xa0;: {reason}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No mailbox found at {path}.</source>
        <translation>Aucune boîte aux lettres trouvée à l’emplacement {path}.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{path} is not a Maildir, an mbox file, a folder of .eml files or an .eml file.</source>
        <translation>{path} n’est ni un Maildir, ni un fichier mbox, ni un dossier de fichiers .eml, ni un fichier .eml.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The settings file {path} is invalid: {reason}</source>
        <translation>Le fichier de réglages {path} n’est pas valide&#xa0;: {reason}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The account {account} is not usable: {reason}.</source>
        <translation>Le compte {account} est inutilisable&#xa0;: {reason}.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No password is stored for the account {account}. Nothing was sent or fetched.</source>
        <translation>Aucun mot de passe n’est enregistré pour le compte {account}. Rien n’a été envoyé ni relevé.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The system&apos;s password store cannot be used for the account {account} ({reason}).</source>
        <translation>Le trousseau de mots de passe du système est inutilisable pour le compte {account} ({reason}).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The {kind} server {server} cannot be reached ({reason}). Working offline: nothing was lost, and the work resumes when it is back.</source>
        <translation>Le serveur {kind} {server} est injoignable ({reason}). Travail hors ligne&#xa0;: rien n’est perdu, et le travail reprend à son retour.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The {kind} server {server} refused the login of {user}: {reason}. Check the user name and password.</source>
        <translation>Le serveur {kind} {server} a refusé la connexion de {user}&#xa0;: {reason}. Vérifiez l’identifiant et le mot de passe.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The {kind} server {server} presented a certificate that was refused: {reason}. Nothing was sent. If this is your organisation&apos;s own server, pin its certificate (SHA-256 {fingerprint}) in the account settings.</source>
        <translation>Le serveur {kind} {server} a présenté un certificat refusé&#xa0;: {reason}. Rien n’a été envoyé. S’il s’agit du serveur de votre organisation, épinglez son certificat (SHA-256 {fingerprint}) dans les réglages du compte.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The {kind} server {server} answered an error: {reason}</source>
        <translation>Le serveur {kind} {server} a répondu par une erreur&#xa0;: {reason}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The folder {folder} does not exist on {server}.</source>
        <translation>Le dossier {folder} n’existe pas sur {server}.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Another Desk is already bringing in the mail of {account}; this one waits for it.</source>
        <translation>Un autre Desk relève déjà le courrier de {account}&#xa0;; celui-ci l’attend.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This reply template no longer exists (perhaps a colleague deleted it).</source>
        <translation>Ce modèle de réponse n’existe plus (un collègue l’a peut-être supprimé).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A reply template named “{existing}” already exists; choose another name.</source>
        <translation>Un modèle de réponse nommé «&#xa0;{existing}&#xa0;» existe déjà&#xa0;; choisissez un autre nom.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The reply template&apos;s {field} is not valid.</source>
        <translation>Le champ {field} du modèle de réponse n’est pas valide.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{path} cannot be read as reply templates: {reason}. Nothing was imported.</source>
        <translation>{path} ne peut pas être lu comme modèles de réponse&#xa0;: {reason}. Rien n’a été importé.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This agent no longer exists.</source>
        <translation>Cet agent n’existe plus.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>“{value}” is not a date.</source>
        <translation>«&#xa0;{value}&#xa0;» n’est pas une date.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The period ends before it starts; give the earlier date first.</source>
        <translation>La période se termine avant de commencer&#xa0;; donnez d’abord la date la plus ancienne.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>“{value}” is not a known time zone.</source>
        <translation>«&#xa0;{value}&#xa0;» n’est pas un fuseau horaire connu.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This export cannot be made: {reason}</source>
        <translation>Cet export est impossible&#xa0;: {reason}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cannot write {path}: {reason}. Nothing was exported.</source>
        <translation>Impossible d’écrire {path}&#xa0;: {reason}. Rien n’a été exporté.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Team mode needs a PostgreSQL database. Nothing was changed.</source>
        <translation>Le mode équipe demande une base PostgreSQL. Rien n’a été modifié.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The login {login} may not manage the team: {reason}. Nothing was changed.</source>
        <translation>L’identifiant {login} ne peut pas gérer l’équipe&#xa0;: {reason}. Rien n’a été modifié.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The team is not set up in this database yet; ask the administrator.</source>
        <translation>L’équipe n’est pas encore créée dans cette base&#xa0;; adressez-vous à l’administrateur.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>“{name}” cannot be a team member&apos;s login: {reason}. Nobody was changed.</source>
        <translation>«&#xa0;{name}&#xa0;» ne peut pas être l’identifiant d’un membre de l’équipe&#xa0;: {reason}. Personne n’a été modifié.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>“{role}” is not a team role; choose agent or lead.</source>
        <translation>«&#xa0;{role}&#xa0;» n’est pas un rôle d’équipe&#xa0;; choisissez agent ou responsable.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No usable password for {name}: {reason}. Nobody was added.</source>
        <translation>Aucun mot de passe utilisable pour {name}&#xa0;: {reason}. Personne n’a été ajouté.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A login named “{name}” already exists; choose another name. Nobody was added.</source>
        <translation>Un identifiant nommé «&#xa0;{name}&#xa0;» existe déjà&#xa0;; choisissez un autre nom. Personne n’a été ajouté.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>“{name}” is not a member of the team. Nothing was changed.</source>
        <translation>«&#xa0;{name}&#xa0;» n’est pas membre de l’équipe. Rien n’a été modifié.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The database refused the login {login}: {reason}. Check the login and its password. Nothing was saved.</source>
        <translation>La base de données a refusé l’identifiant {login}&#xa0;: {reason}. Vérifiez l’identifiant et son mot de passe. Rien n’a été enregistré.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{login} can connect to the database but is not a member of the team; ask the team lead to add this login. Nothing was saved.</source>
        <translation>{login} peut se connecter à la base de données mais ne fait pas partie de l’équipe&#x202f;; demandez à votre responsable d’ajouter cet identifiant. Rien n’a été enregistré.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The database refused: {login} may not do this (only team leads may). Nothing changed.</source>
        <translation>La base de données a refusé&#xa0;: {login} n’y est pas autorisé (seuls les responsables d’équipe le sont). Rien n’a changé.</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>{what}: {path}</source>
        <translation>{what}&#xa0;: {path}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Unexpected error: {detail}</source>
        <translation>Erreur inattendue&#xa0;: {detail}</translation>
    </message>
</context>
<context>
    <name>FallbackTable</name>
    <message>
        <location filename="../desk/ui/template_fallbacks.py" line="+34"/>
        <source>Placeholder</source>
        <translation>Variable</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Text when the value is missing</source>
        <translation>Texte si la valeur manque</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Fallbacks</source>
        <translation>Textes de remplacement</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>One row per placeholder the text uses: what to write instead when a recipient has no such value (for example “Madame, Monsieur”). Empty: such a reply cannot be sent.</source>
        <translation>Une ligne par variable utilisée dans le texte&#xa0;: ce qu’il faut écrire à la place quand un destinataire n’a pas cette valeur (par exemple «&#xa0;Madame, Monsieur&#xa0;»). Vide&#xa0;: une telle réponse ne peut pas être envoyée.</translation>
    </message>
</context>
<context>
    <name>FirstStartWizard</name>
    <message>
        <location filename="../desk/ui/first_start_dialog.py" line="+197"/>
        <source>Setting up Desk</source>
        <translation>Configuration de Desk</translation>
    </message>
</context>
<context>
    <name>ForecastPanel</name>
    <message>
        <location filename="../desk/ui/stats_forecast.py" line="+36"/>
        <source>Forecast</source>
        <translation>Prévision</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>The forecast in words.</source>
        <translation>La prévision en mots.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The forecast comes with the figures.</source>
        <translation>La prévision vient avec les chiffres.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Backlog</source>
        <translation>Demandes en attente</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>No forecast yet.</source>
        <translation>Pas encore de prévision.</translation>
    </message>
    <message numerus="yes">
        <location line="+9"/>
        <source>%n request(s) waiting. Over the last 7 days: {arrivals} arrived a day, and agents worked {agent_hours} hours in all.</source>
        <translation>
            <numerusform>%n demande en attente. Ces 7 derniers jours&#xa0;: {arrivals} arrivées par jour, et {agent_hours}&#xa0;heures de travail des agents en tout.</numerusform>
            <numerusform>%n demandes en attente. Ces 7 derniers jours&#xa0;: {arrivals} arrivées par jour, et {agent_hours}&#xa0;heures de travail des agents en tout.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Nobody answered in the last 7 days: the pace, and so the forecast, cannot be estimated.</source>
        <translation>Personne n’a répondu ces 7 derniers jours&#xa0;: le rythme, et donc la prévision, ne peuvent pas être estimés.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Each agent answers {rate} requests an hour.</source>
        <translation>Chaque agent répond à {rate} demandes par heure.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>At this pace the backlog grows: it will not be cleared.</source>
        <translation>À ce rythme, l’attente grossit&#xa0;: elle ne sera pas résorbée.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>At this pace the backlog is cleared by {when}.</source>
        <translation>À ce rythme, l’attente est résorbée d’ici le {when}.</translation>
    </message>
    <message numerus="yes">
        <location line="+6"/>
        <source>%n waiting request(s) will miss the {hours}-hour promise, and {later} of those arriving in the next 7 days.</source>
        <translation>
            <numerusform>%n demande en attente manquera la promesse de {hours}&#xa0;heures, ainsi que {later} de celles qui arriveront dans les 7 prochains jours.</numerusform>
            <numerusform>%n demandes en attente manqueront la promesse de {hours}&#xa0;heures, ainsi que {later} de celles qui arriveront dans les 7 prochains jours.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+10"/>
        <source>Keeping the promise for every request that still can needs %n agent(s).</source>
        <translation>
            <numerusform>Tenir la promesse pour chaque demande qui le peut encore demande %n agent.</numerusform>
            <numerusform>Tenir la promesse pour chaque demande qui le peut encore demande %n agents.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Waiting</source>
        <translation>En attente</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Projected</source>
        <translation>Projection</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Backlog every 6 hours: {now} waiting now; {end} projected in 7 days.</source>
        <translation>Demandes en attente toutes les 6&#xa0;heures&#xa0;: {now} maintenant&#x202f;; {end} prévues dans 7 jours.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Backlog and projection</source>
        <translation>Attente et projection</translation>
    </message>
</context>
<context>
    <name>HandoffBanner</name>
    <message>
        <location filename="../desk/ui/handoff_banner.py" line="+35"/>
        <source>Handed to another service</source>
        <translation>Transmis à un autre service</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Where this request was handed on, and what the service answered</source>
        <translation>À qui cette demande a été transmise, et ce que le service a répondu</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>{service} answered on {when} ({reference}):</source>
        <translation>{service} a répondu le {when} ({reference})&#xa0;:</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The hand-off to {service} failed ({reason}); the request is back in the queue.</source>
        <translation>La transmission à {service} a échoué ({reason})&#x202f;; la demande est revenue dans la file.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Handed to {service} on {when} ({reference}): no answer by {due}; back in the queue.</source>
        <translation>Transmis à {service} le {when} ({reference})&#xa0;: pas de réponse au {due}&#x202f;; revenu dans la file.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Handed to {service} on {when} ({reference}); its answer is expected by {due}.</source>
        <translation>Transmis à {service} le {when} ({reference})&#x202f;; sa réponse est attendue d’ici le {due}.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>This message comes from a service&apos;s address and may answer a hand-off ({references}) without saying which.</source>
        <translation>Ce message vient de l’adresse d’un service et répond peut-être à une transmission ({references}) sans dire laquelle.</translation>
    </message>
</context>
<context>
    <name>HandoffController</name>
    <message numerus="yes">
        <location filename="../desk/ui/handoff_controller.py" line="+108"/>
        <source>Handed %n message(s) to {service} ({reference}).</source>
        <translation>
            <numerusform>%n message transmis à {service} ({reference}).</numerusform>
            <numerusform>%n messages transmis à {service} ({reference}).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+8"/>
        <source>%n message(s) stayed in the queue:</source>
        <translation>
            <numerusform>%n message reste dans la file&#xa0;:</numerusform>
            <numerusform>%n messages restent dans la file&#xa0;:</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HandoffDialog</name>
    <message>
        <location filename="../desk/ui/handoff_dialog.py" line="+33"/>
        <location line="+3"/>
        <source>Hand off to another service</source>
        <translation>Transmettre à un autre service</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Forward the chosen messages to a service and wait for its answer.</source>
        <translation>Transférer les messages choisis à un service et attendre sa réponse.</translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>%n message(s) will be forwarded with their originals attached. They leave the queue until the service answers or its delay passes.</source>
        <translation>
            <numerusform>%n message sera transmis avec son original en pièce jointe. Il quitte la file jusqu’à la réponse du service ou la fin de son délai.</numerusform>
            <numerusform>%n messages seront transmis avec leurs originaux en pièces jointes. Ils quittent la file jusqu’à la réponse du service ou la fin de son délai.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+13"/>
        <source>{name} &lt;{address}&gt;, within {hours} h</source>
        <translation>{name} &lt;{address}&gt;, sous {hours}&#xa0;h</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Service</source>
        <translation>Service</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>The service the messages go to.</source>
        <translation>Le service auquel les messages sont transmis.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>What the service should know (optional)</source>
        <translation>Ce que le service doit savoir (facultatif)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Sent to the service above the originals.</source>
        <translation>Envoyée au service, au-dessus des originaux.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Tell each person their request was handed on</source>
        <translation>&amp;Prévenir chaque personne que sa demande a été transmise</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Tell each person</source>
        <translation>Prévenir chaque personne</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>One short message to each person: to whom, and until when.</source>
        <translation>Un court message à chaque personne&#xa0;: à qui, et jusqu’à quand.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No service yet: a team lead adds them (desk handoff add-service).</source>
        <translation>Aucun service pour l’instant&#xa0;: un responsable d’équipe les ajoute (desk handoff add-service).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Hand off</source>
        <translation>&amp;Transmettre</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Hand off</source>
        <translation>Transmettre</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Forward the messages now.</source>
        <translation>Transférer les messages maintenant.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Close without handing anything on.</source>
        <translation>Fermer sans rien transmettre.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Service:</source>
        <translation>&amp;Service&#xa0;:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Note:</source>
        <translation>&amp;Note&#xa0;:</translation>
    </message>
</context>
<context>
    <name>HelpDialog</name>
    <message>
        <location filename="../desk/ui/help_dialog.py" line="+30"/>
        <location line="+1"/>
        <source>Keyboard shortcuts</source>
        <translation>Raccourcis clavier</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Every action of the window and its keys</source>
        <translation>Chaque action de la fenêtre et ses touches</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Keys</source>
        <translation>Touches</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Shortcuts</source>
        <translation>Raccourcis</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keys on the left, what they do on the right</source>
        <translation>Les touches à gauche, leur effet à droite</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Everything works from the keyboard: Tab moves between panes, the arrows move within a list, Space ticks a check box, Escape closes a dialog.</source>
        <translation>Tout se fait au clavier&#xa0;: Tab passe d’un volet à l’autre, les flèches se déplacent dans une liste, Espace coche une case, Échap ferme une boîte de dialogue.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Close the shortcuts list</source>
        <translation>Fermer la liste des raccourcis</translation>
    </message>
</context>
<context>
    <name>InDoubtDialog</name>
    <message>
        <location filename="../desk/ui/in_doubt_dialog.py" line="+89"/>
        <location line="+3"/>
        <source>Replies to check</source>
        <translation>Réponses à vérifier</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Replies that may or may not have left, and replies that failed</source>
        <translation>Réponses peut-être parties, et réponses en échec</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>These replies were handed over to the mail server, then the connection broke before it answered, and the server keeps no copy to check: they may have left. Desk will not send them again by itself.</source>
        <translation>Ces réponses ont été remises au serveur de messagerie, puis la connexion a été coupée avant sa réponse, et le serveur ne garde aucune copie à vérifier&#xa0;: elles sont peut-être parties. Desk ne les renverra pas de lui-même.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Replies in doubt</source>
        <translation>Réponses incertaines</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+1"/>
        <source>Send again</source>
        <translation>Renvoyer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The selected replies did not arrive: put them back in the outbox</source>
        <translation>Les réponses sélectionnées ne sont pas arrivées&#xa0;: les remettre dans la boîte d’envoi</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+1"/>
        <source>It went</source>
        <translation>Elle est partie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The selected replies arrived: count them as sent</source>
        <translation>Les réponses sélectionnées sont arrivées&#xa0;: les compter comme envoyées</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Replies whose last send attempt failed</source>
        <translation>Réponses dont le dernier envoi a échoué</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Failed replies</source>
        <translation>Réponses en échec</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+1"/>
        <source>Close</source>
        <translation>Fermer</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Close this list</source>
        <translation>Fermer cette liste</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Recipient</source>
        <translation>Destinataire</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Subject</source>
        <translation>Objet</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>When</source>
        <translation>Quand</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Why</source>
        <translation>Pourquoi</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>{in_doubt} in doubt, {failed} failed</source>
        <translation>{in_doubt} incertaines, {failed} en échec</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>(no subject)</source>
        <translation>(sans objet)</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>Not recorded: {reason}</source>
        <translation>Non enregistré&#xa0;: {reason}</translation>
    </message>
</context>
<context>
    <name>LeaveOutQuestion</name>
    <message>
        <location filename="../desk/ui/asks_more.py" line="+76"/>
        <source>Send the answer</source>
        <translation>Envoyer la réponse</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>This message also asks something else, which this reply may not answer. Send it anyway?</source>
        <translation>Ce message demande aussi autre chose, à quoi cette réponse ne répond peut-être pas. L’envoyer quand même&#xa0;?</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>All {total} messages also ask something else, which this reply may not answer. Send it to all of them anyway?</source>
        <translation>Les {total} messages demandent tous aussi autre chose, à quoi cette réponse ne répond peut-être pas. L’envoyer quand même à tous&#xa0;?</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>One of these {total} messages also asks something else. Leave it out of this reply (it stays open in the cluster, flagged)?</source>
        <translation>Un de ces {total} messages demande aussi autre chose. Le laisser de côté pour cette réponse (il reste ouvert dans le groupe, signalé)&#xa0;?</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{count} of these {total} messages also ask something else. Leave them out of this reply (they stay open in the cluster, flagged)?</source>
        <translation>{count} de ces {total} messages demandent aussi autre chose. Les laisser de côté pour cette réponse (ils restent ouverts dans le groupe, signalés)&#xa0;?</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{names} and {more} more</source>
        <translation>{names} et {more} autres</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>From: {names}</source>
        <translation>De&#xa0;: {names}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Leave them out and send</source>
        <translation>&amp;Les laisser de côté et envoyer</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Leave it out and send</source>
        <translation>&amp;Le laisser de côté et envoyer</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Leave them out and send</source>
        <translation>Les laisser de côté et envoyer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Send to the others; these stay open in the cluster, flagged</source>
        <translation>Envoyer aux autres&#xa0;; ceux-ci restent ouverts dans le groupe, signalés</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Send to &amp;all</source>
        <translation>Envoyer à &amp;tous</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Send to all</source>
        <translation>Envoyer à tous</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Send this reply to every message, those that ask more too</source>
        <translation>Envoyer cette réponse à tous les messages, y compris ceux qui demandent autre chose</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Send nothing</source>
        <translation>Ne rien envoyer</translation>
    </message>
</context>
<context>
    <name>MailboxFields</name>
    <message>
        <location filename="../desk/ui/mailbox_fields.py" line="+18"/>
        <source>Mailbox</source>
        <translation>Boîte</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>No limit</source>
        <translation>Sans limite</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Optional</source>
        <translation>Facultatif</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>contact@example.org</source>
        <translation>contact@exemple.fr</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Account &amp;name:</source>
        <translation>&amp;Nom du compte&#xa0;:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Account name</source>
        <translation>Nom du compte</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A short name for this mailbox; its passwords are kept under it.</source>
        <translation>Un nom court pour cette boîte&#xa0;; ses mots de passe sont enregistrés sous ce nom.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Mailbox a&amp;ddress:</source>
        <translation>A&amp;dresse de la boîte&#xa0;:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Mailbox address</source>
        <translation>Adresse de la boîte</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The shared address replies are sent from.</source>
        <translation>L’adresse partagée depuis laquelle partent les réponses.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Display na&amp;me:</source>
        <translation>No&amp;m affiché&#xa0;:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Display name</source>
        <translation>Nom affiché</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The name recipients see beside the address (optional).</source>
        <translation>Le nom que les destinataires voient à côté de l’adresse (facultatif).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Folders to sync:</source>
        <translation>Dossiers à s&amp;ynchroniser&#xa0;:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Folders to sync</source>
        <translation>Dossiers à synchroniser</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The server folders Desk reads, separated by commas.</source>
        <translation>Les dossiers du serveur que Desk lit, séparés par des virgules.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>S&amp;ent folder:</source>
        <translation>Dossier des &amp;envoyés&#xa0;:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sent folder</source>
        <translation>Dossier des messages envoyés</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The server folder where sent replies are filed.</source>
        <translation>Le dossier du serveur où sont classées les réponses envoyées.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Processed folder:</source>
        <translation>Dossier des &amp;traités&#xa0;:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Processed folder</source>
        <translation>Dossier des messages traités</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Answered messages are moved to this folder (optional).</source>
        <translation>Les messages répondus sont déplacés dans ce dossier (facultatif).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Rate &amp;limit (messages per minute):</source>
        <translation>&amp;Limite d’envoi (messages par minute)&#xa0;:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Rate limit in messages per minute</source>
        <translation>Limite d’envoi en messages par minute</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The most replies sent in one minute; zero means no limit.</source>
        <translation>Le nombre maximal de réponses envoyées en une minute&#xa0;; zéro signifie sans limite.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../desk/ui/main_window.py" line="+118"/>
        <source>Desk — shared mailbox</source>
        <translation>Desk — boîte partagée</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Desk</source>
        <translation>Desk</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Answer the shared mailbox cluster by cluster</source>
        <translation>Répondre à la boîte partagée groupe par groupe</translation>
    </message>
    <message numerus="yes">
        <location line="+208"/>
        <source>%n reply(ies) to check (in doubt or failed): Answer ▸ Replies to check…</source>
        <translation>
            <numerusform>%n réponse à vérifier (incertaine ou en échec)&#xa0;: Réponse ▸ Réponses à vérifier…</numerusform>
            <numerusform>%n réponses à vérifier (incertaines ou en échec)&#xa0;: Réponse ▸ Réponses à vérifier…</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../desk/ui/work_panes.py" line="+93"/>
        <source>Search sender, subject and text (Ctrl+F)</source>
        <translation>Rechercher dans l’expéditeur, l’objet et le texte (Ctrl+F)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Search messages</source>
        <translation>Rechercher des messages</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Full-text search; the results replace the message list, Escape clears</source>
        <translation>Recherche dans tout le texte&#xa0;; les résultats remplacent la liste des messages, Échap efface</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Similarity</source>
        <translation>Similarité</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How alike messages must be to share a cluster; moving it regroups at once</source>
        <translation>À quel point des messages doivent se ressembler pour former un groupe&#xa0;; le déplacer regroupe aussitôt</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&amp;Search:</source>
        <translation>Re&amp;chercher&#xa0;:</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Queue</source>
        <translation>File d’attente</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clusters and lone messages, most urgent first; Ctrl+Down and Ctrl+Up move, Enter opens</source>
        <translation>Groupes et messages isolés, les plus urgents d’abord&#xa0;; Ctrl+Bas et Ctrl+Haut se déplacent, Entrée ouvre</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Senders</source>
        <translation>Expéditeurs</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>People with several open messages: answer all of them at once</source>
        <translation>Les personnes ayant plusieurs messages ouverts&#xa0;: répondez-leur en une seule fois</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Work lists</source>
        <translation>Listes de travail</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The queue, or the people to answer</source>
        <translation>La file d’attente, ou les personnes à qui répondre</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Queue</source>
        <translation>File &amp;d’attente</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Se&amp;nders</source>
        <translation>&amp;Expéditeurs</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>T&amp;eam</source>
        <translation>&amp;Équipe</translation>
    </message>
    <message>
        <location line="+58"/>
        <source>Messages</source>
        <translation>Messages</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The messages behind the selected row; Ctrl+E leaves one out of the answer</source>
        <translation>Les messages de la ligne sélectionnée&#xa0;; Ctrl+E en exclut un de la réponse</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Move &amp;out of cluster</source>
        <translation>Sortir du &amp;groupe</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Move out of cluster</source>
        <translation>Sortir du groupe</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Take the selected message out of this cluster (Ctrl+Shift+M)</source>
        <translation>Retirer le message sélectionné de ce groupe (Ctrl+Maj+M)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Merge into…</source>
        <translation>Fus&amp;ionner avec…</translation>
    </message>
    <message>
        <location filename="../desk/ui/corrections_controller.py" line="+47"/>
        <location filename="../desk/ui/work_panes.py" line="+4"/>
        <source>Merge clusters</source>
        <translation>Fusionner des groupes</translation>
    </message>
    <message>
        <location filename="../desk/ui/work_panes.py" line="+1"/>
        <source>Merge this cluster into another one you choose (Ctrl+M)</source>
        <translation>Fusionner ce groupe avec un autre groupe de votre choix (Ctrl+M)</translation>
    </message>
    <message>
        <location filename="../desk/ui/undo_controller.py" line="+30"/>
        <source>&amp;Undo</source>
        <translation>Annu&amp;ler</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Undo the answer</source>
        <translation>Annuler la réponse</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Take back the replies before they leave (Ctrl+Z)</source>
        <translation>Reprendre les réponses avant leur départ (Ctrl+Z)</translation>
    </message>
    <message>
        <location filename="../desk/ui/window_menus.py" line="+60"/>
        <source>&amp;File</source>
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Mailbox &amp;account…</source>
        <translation>Compte de message&amp;rie…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Set up the mailbox</source>
        <translation>Configurer la boîte</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Settings…</source>
        <translation>Paramètre&amp;s…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Language, undo window…</source>
        <translation>Langue, délai d’annulation…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>S&amp;ync now</source>
        <translation>S&amp;ynchroniser maintenant</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Fetch new mail now</source>
        <translation>Relever le courrier maintenant</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Quit</source>
        <translation>Quitter</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Go</source>
        <translation>&amp;Navigation</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Next in the queue</source>
        <translation>S&amp;uivant dans la file</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Select the next cluster</source>
        <translation>Sélectionner le groupe suivant</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Previous in the queue</source>
        <translation>&amp;Précédent dans la file</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Select the previous cluster</source>
        <translation>Sélectionner le groupe précédent</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Open the messages</source>
        <translation>Ouvrir les messa&amp;ges</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Move to the selected cluster&apos;s messages</source>
        <translation>Aller aux messages du groupe sélectionné</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Search</source>
        <translation>Re&amp;chercher</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Search all messages</source>
        <translation>Rechercher dans tous les messages</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Next for me</source>
        <translation>Suivant pour moi</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Take the most urgent cluster nobody holds, and open it</source>
        <translation>Prendre le groupe le plus urgent que personne ne traite, et l’ouvrir</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Answer</source>
        <translation>&amp;Réponse</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Choose a &amp;template</source>
        <translation>Choisir un &amp;modèle</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Move to the template search</source>
        <translation>Aller à la recherche de modèles</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Pre&amp;vious recipient</source>
        <translation>Des&amp;tinataire précédent</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Preview the previous recipient&apos;s reply</source>
        <translation>Afficher l’aperçu de la réponse du destinataire précédent</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Ne&amp;xt recipient</source>
        <translation>Destinataire sui&amp;vant</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Preview the next recipient&apos;s reply</source>
        <translation>Afficher l’aperçu de la réponse du destinataire suivant</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Send the answer…</source>
        <translation>Envoyer la répon&amp;se…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Answer the chosen messages, after confirming</source>
        <translation>Répondre aux messages choisis, après confirmation</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Send the &amp;outbox now</source>
        <translation>Envoyer le contenu de la &amp;boîte d’envoi</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Send the replies waiting in the outbox (after a stop, or offline)</source>
        <translation>Envoyer les réponses en attente dans la boîte d’envoi (après un arrêt ou hors connexion)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Replies to &amp;check…</source>
        <translation>Réponses &amp;à vérifier…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Replies that may have left before the connection broke, and replies that failed</source>
        <translation>Réponses peut-être parties avant la coupure de la connexion, et réponses en échec</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;Undo the last answer</source>
        <translation>Annuler &amp;la dernière réponse</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Take back replies still in the undo window</source>
        <translation>Reprendre les réponses encore dans le délai d’annulation</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Leave out / include the message</source>
        <translation>E&amp;xclure / inclure le message</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Leave the selected message out of the answer, or put it back</source>
        <translation>Exclure le message sélectionné de la réponse, ou l’y remettre</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Move out of the cluster</source>
        <translation>Sort&amp;ir le message du groupe</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Take the selected message out of its cluster</source>
        <translation>Retirer le message sélectionné de son groupe</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Mer&amp;ge clusters…</source>
        <translation>Fusio&amp;nner des groupes…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Merge two clusters</source>
        <translation>Fusionner deux groupes</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Hand off to another service…</source>
        <translation>Transmettre à un autre service (&amp;j)…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Forward the chosen messages to a service and wait for its answer</source>
        <translation>Transférer les messages choisis à un service et attendre sa réponse</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&amp;Tools</source>
        <translation>&amp;Outils</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Templates…</source>
        <translation>&amp;Modèles…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Write and edit reply templates</source>
        <translation>Rédiger et modifier les modèles de réponse</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Statistics…</source>
        <translation>&amp;Statistiques…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Handling-time statistics and exports</source>
        <translation>Statistiques de temps de traitement et exports</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Ac&amp;knowledgements and services…</source>
        <translation>Accusés de réception et services (&amp;z)…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>What Desk sends by itself, and the services requests can be handed to</source>
        <translation>Ce que Desk envoie de lui-même, et les services auxquels transmettre des demandes</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;Help</source>
        <translation>&amp;Aide</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Keyboard shortcuts</source>
        <translation>Touc&amp;hes de raccourci</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Every shortcut</source>
        <translation>Tous les raccourcis</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;About Desk…</source>
        <translation>À propos de Des&amp;k…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The version of Desk and where its logs are</source>
        <translation>La version de Desk et l’emplacement de ses journaux</translation>
    </message>
    <message>
        <location filename="../desk/ui/queue_controller.py" line="+113"/>
        <source>Loading the queue…</source>
        <translation>Chargement de la file d’attente…</translation>
    </message>
    <message>
        <location filename="../desk/ui/main_window.py" line="+20"/>
        <source>Desk — {count} to answer</source>
        <translation>Desk — {count} à traiter</translation>
    </message>
    <message>
        <location filename="../desk/ui/work_panes.py" line="+14"/>
        <source>Nothing to answer.</source>
        <translation>Rien à traiter.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>(no subject)</source>
        <translation>(sans objet)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Subject: {subject}</source>
        <translation>Objet&#xa0;: {subject}</translation>
    </message>
    <message>
        <location filename="../desk/ui/team_updates.py" line="+85"/>
        <source>{count} claims given back to the queue.</source>
        <translation>{count} prise(s) en charge rendue(s) à la file.</translation>
    </message>
    <message>
        <location filename="../desk/ui/answering_controller.py" line="+280"/>
        <source>Your answer was recorded</source>
        <translation>Votre réponse a été enregistrée</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The database came back: the answer you confirmed just before the connection dropped was recorded ({count} replies); it goes out as usual.</source>
        <translation>La base est revenue&#xa0;: la réponse confirmée juste avant la coupure a bien été enregistrée ({count} réponses)&#xa0;; elle partira normalement.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Your answer was not recorded</source>
        <translation>Votre réponse n’a pas été enregistrée</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The database came back, but the answer you confirmed just before the connection dropped was not recorded ({count} messages). Your text is still here: check it and send it again.</source>
        <translation>La base est revenue, mais la réponse confirmée juste avant la coupure n’a pas été enregistrée ({count} messages). Votre texte est conservé&#xa0;: vérifiez-le et envoyez-le de nouveau.</translation>
    </message>
    <message>
        <location filename="../desk/ui/queue_controller.py" line="+252"/>
        <source>Nothing left that nobody holds: the queue is done or taken.</source>
        <translation>Plus rien de libre&#xa0;: la file est traitée ou déjà prise en charge.</translation>
    </message>
    <message>
        <location filename="../desk/ui/work_panes.py" line="+8"/>
        <source>{count} messages match “{query}”</source>
        <translation>{count} messages correspondent à «&#xa0;{query}&#xa0;»</translation>
    </message>
    <message>
        <location line="-151"/>
        <source>Si&amp;milarity {value} %</source>
        <translation>S&amp;imilarité {value} %</translation>
    </message>
    <message>
        <location filename="../desk/ui/corrections_controller.py" line="+43"/>
        <source>Regrouping…</source>
        <translation>Regroupement…</translation>
    </message>
    <message>
        <location line="-52"/>
        <source>{title} ({count} open)</source>
        <translation>{title} ({count} ouverts)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Merge this cluster into:</source>
        <translation>Fusionner ce groupe avec&#xa0;:</translation>
    </message>
    <message>
        <location filename="../desk/ui/answering_controller.py" line="-193"/>
        <source>The mailbox account is not valid: {error}</source>
        <translation>Le compte de messagerie n’est pas valide&#xa0;: {error}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Set up the mailbox account to send (File → Mailbox account).</source>
        <translation>Configurez le compte de messagerie pour envoyer (Fichier → Compte de messagerie).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The database cannot be reached: reconnecting…</source>
        <translation>La base de données est injoignable&#xa0;: reconnexion…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Opening the desk…</source>
        <translation>Ouverture de Desk…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{name} is answering some of these messages.</source>
        <translation>{name} est en train de répondre à certains de ces messages.</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Answer {messages} messages with one reply to each of {people} people?</source>
        <translation>Répondre à {messages} messages en envoyant une réponse à chacune des {people} personnes&#xa0;?</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+96"/>
        <source>and {more} more</source>
        <translation>et {more} autres</translation>
    </message>
    <message>
        <location line="-93"/>
        <source>Send the answer</source>
        <translation>Envoyer la réponse</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>The database dropped while the answer was being recorded.</source>
        <translation>La connexion à la base a été coupée pendant l’enregistrement de la réponse.</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Some replies were not queued</source>
        <translation>Certaines réponses n’ont pas été placées dans la boîte d’envoi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{count} replies were refused:</source>
        <translation>{count} réponses ont été refusées&#xa0;:</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Nothing was sent</source>
        <translation>Rien n’a été envoyé</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Some of these messages changed since you opened them, so the answer was not sent to anyone. Your text is kept; check the messages and send again.</source>
        <translation>Certains de ces messages ont changé depuis que vous les avez ouverts&#xa0;: la réponse n’a été envoyée à personne. Votre texte est conservé&#xa0;; vérifiez les messages et envoyez de nouveau.</translation>
    </message>
    <message>
        <location filename="../desk/ui/undo_controller.py" line="+51"/>
        <source>{count} replies leave in {seconds} s.</source>
        <translation>{count} réponses partent dans {seconds}&#xa0;s.</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>{count} replies taken back.</source>
        <translation>{count} réponses reprises.</translation>
    </message>
    <message>
        <location filename="../desk/ui/main_window.py" line="+98"/>
        <source>Something went wrong</source>
        <translation>Un problème est survenu</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Background work failed: {error}</source>
        <translation>Une tâche en arrière-plan a échoué&#xa0;: {error}</translation>
    </message>
    <message>
        <location filename="../desk/ui/mail_reports.py" line="+83"/>
        <source>{count} new messages.</source>
        <translation>{count} nouveaux messages.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>{count} replies sent.</source>
        <translation>{count} réponses envoyées.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Some replies could not be sent</source>
        <translation>Certaines réponses n’ont pas pu être envoyées</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{count} replies failed:</source>
        <translation>{count} réponses en échec&#xa0;:</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Sending stopped: {error}. The replies stay in the outbox.</source>
        <translation>Envoi interrompu&#xa0;: {error}. Les réponses restent dans la boîte d’envoi.</translation>
    </message>
    <message>
        <location filename="../desk/ui/main_window.py" line="+45"/>
        <source>Replies are being sent or wait in the undo window. Quit anyway? They stay in the outbox and go out at the next start.</source>
        <translation>Des réponses sont en cours d’envoi ou dans le délai d’annulation. Quitter quand même&#xa0;? Elles restent dans la boîte d’envoi et partiront au prochain démarrage.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Quit Desk</source>
        <translation>Quitter Desk</translation>
    </message>
    <message>
        <location filename="../desk/ui/handoff_controller.py" line="-55"/>
        <source>Choose a cluster to hand off first.</source>
        <translation>Choisissez d’abord un groupe à transmettre.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Set up the mailbox first: the forward leaves from it.</source>
        <translation>Configurez d’abord la boîte&#xa0;: le transfert part d’elle.</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>Some messages were not handed on</source>
        <translation>Certains messages n’ont pas été transmis</translation>
    </message>
</context>
<context>
    <name>MessageListModel</name>
    <message>
        <location filename="../desk/ui/models.py" line="+282"/>
        <source>Answer</source>
        <translation>Répondre</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+76"/>
        <source>Also asks</source>
        <translation>Autre demande</translation>
    </message>
    <message>
        <location line="-77"/>
        <source>From</source>
        <translation>De</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Subject</source>
        <translation>Objet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>État</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Loading…</source>
        <translation>Chargement…</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Also asks:
{request}</source>
        <translation>Demande aussi&#xa0;:
{request}</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>{sender}: {subject}, {date}, {status}</source>
        <translation>{sender}&#xa0;: {subject}, {date}, {status}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Asks more than the cluster: {request}</source>
        <translation>Demande plus que le groupe&#xa0;: {request}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{sender}: {subject}, {date}, {status}, asks more</source>
        <translation>{sender}&#xa0;: {subject}, {date}, {status}, demande aussi autre chose</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+13"/>
        <source>Asks more</source>
        <translation>Demande aussi autre chose</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>held by {name}</source>
        <translation>pris en charge par {name}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>open</source>
        <translation>ouvert</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>answered</source>
        <translation>répondu</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>closed</source>
        <translation>clos</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not a request</source>
        <translation>pas une demande</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>gone from the server</source>
        <translation>supprimé du serveur</translation>
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
        <translation>Le message choisi dans la liste</translation>
    </message>
    <message>
        <location filename="../desk/ui/message_header.py" line="+66"/>
        <source>From:</source>
        <translation>De&#xa0;:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Reply to:</source>
        <translation>Répondre à&#xa0;:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>To:</source>
        <translation>À&#xa0;:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cc:</source>
        <translation>Cc&#xa0;:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Date:</source>
        <translation>Date&#xa0;:</translation>
    </message>
    <message>
        <location filename="../desk/ui/message_view.py" line="+15"/>
        <source>Only the headers of this message have been downloaded so far; its text and attachments appear after the next sync.</source>
        <translation>Seuls les en-têtes de ce message ont été téléchargés pour l’instant&#xa0;; son texte et ses pièces jointes apparaîtront après la prochaine synchronisation.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Truncated: show &amp;all</source>
        <translation>Tronqué&#xa0;: &amp;tout afficher</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Show all of the message</source>
        <translation>Afficher tout le message</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Only the beginning of this long message is shown; load the rest</source>
        <translation>Seul le début de ce long message est affiché&#xa0;; charger la suite</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Highlight differences from the cluster</source>
        <translation>&amp;Surligner les différences avec le groupe</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Highlight differences</source>
        <translation>Surligner les différences</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Show the text with the words that differ from the cluster&apos;s representative highlighted and underlined; unchecked, the message as it was written</source>
        <translation>Afficher le texte avec, surlignés et soulignés, les mots qui diffèrent du message représentatif du groupe&#xa0;; décoché, le message tel qu’il a été écrit</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>No message selected.</source>
        <translation>Aucun message sélectionné.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Message text</source>
        <translation>Texte du message</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The message as its sender wrote it; a link asks before it opens</source>
        <translation>Le message tel que l’expéditeur l’a écrit&#xa0;; un lien demande confirmation avant de s’ouvrir</translation>
    </message>
    <message>
        <location filename="../desk/ui/attachments_view.py" line="+47"/>
        <source>Attach&amp;ments:</source>
        <translation>&amp;Pièces jointes&#xa0;:</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Attachments</source>
        <translation>Pièces jointes</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The files sent with the message; Enter saves the selected one</source>
        <translation>Les fichiers envoyés avec le message&#xa0;; Entrée enregistre celui qui est sélectionné</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Save attachment…</source>
        <translation>&amp;Enregistrer la pièce jointe…</translation>
    </message>
    <message>
        <location line="+5"/>
        <location filename="../desk/ui/message_view.py" line="+258"/>
        <source>Save attachment</source>
        <translation>Enregistrer la pièce jointe</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save the selected attachment to a file you choose</source>
        <translation>Enregistrer la pièce jointe sélectionnée dans le fichier de votre choix</translation>
    </message>
    <message>
        <location filename="../desk/ui/message_view.py" line="-249"/>
        <source>Show so&amp;urce</source>
        <translation>Afficher la so&amp;urce</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Show source</source>
        <translation>Afficher la source</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open the message exactly as it arrived, headers included</source>
        <translation>Ouvrir le message exactement tel qu’il est arrivé, en-têtes compris</translation>
    </message>
    <message>
        <location line="+97"/>
        <source>This message is no longer in the store.</source>
        <translation>Ce message ne se trouve plus dans la base de Desk.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The message could not be read: {reason}</source>
        <translation>Le message n’a pas pu être lu&#xa0;: {reason}</translation>
    </message>
    <message>
        <location filename="../desk/ui/message_header.py" line="-44"/>
        <source>(no subject)</source>
        <translation>(sans objet)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{name} &lt;{address}&gt;</source>
        <translation>{name} &lt;{address}&gt;</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>{date} at {time}</source>
        <translation>{date} à {time}</translation>
    </message>
    <message>
        <location filename="../desk/ui/message_view.py" line="+15"/>
        <source>This message is long: only its beginning is shown ({count} lines in all).</source>
        <translation>Ce message est long&#xa0;: seul son début est affiché ({count} lignes au total).</translation>
    </message>
    <message>
        <location filename="../desk/ui/attachments_view.py" line="-34"/>
        <source>(unnamed)</source>
        <translation>(sans nom)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{name} ({size}, {type})</source>
        <translation>{name} ({size}, {type})</translation>
    </message>
    <message>
        <location filename="../desk/ui/difference_marks.py" line="+71"/>
        <source>Same words as the cluster&apos;s representative.</source>
        <translation>Mêmes mots que le message représentatif du groupe.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No differences in the part compared with the cluster&apos;s representative (the beginning of this long message).</source>
        <translation>Aucune différence avec le message représentatif du groupe dans la partie comparée (le début de ce long message).</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>One passage differs from the cluster&apos;s representative (underlined).</source>
        <translation>Un passage diffère du message représentatif du groupe (souligné).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{count} passages differ from the cluster&apos;s representative (underlined).</source>
        <translation>{count} passages diffèrent du message représentatif du groupe (soulignés).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{count} passages differ from the cluster&apos;s representative (underlined) in the part compared, the beginning of this long message.</source>
        <translation>{count} passages diffèrent du message représentatif du groupe (soulignés) dans la partie comparée, le début de ce long message.</translation>
    </message>
    <message>
        <location filename="../desk/ui/message_view.py" line="+73"/>
        <source>Loading the whole message…</source>
        <translation>Chargement du message complet…</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>The rest of the message could not be read: {reason}</source>
        <translation>La suite du message n’a pas pu être lue&#xa0;: {reason}</translation>
    </message>
    <message>
        <location filename="../desk/ui/message_links.py" line="+33"/>
        <source>Link to {url}</source>
        <translation>Lien vers {url}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>This link cannot be opened: it leads neither to a web page nor to an email address.</source>
        <translation>Ce lien ne peut pas être ouvert&#xa0;: il ne mène ni à une page web ni à une adresse électronique.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>This link writes to {address}. Open it in your mail program?</source>
        <translation>Ce lien écrit à {address}. L’ouvrir dans votre logiciel de messagerie&#xa0;?</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This link leads to {url}. Open it in your web browser?</source>
        <translation>Ce lien mène à {url}. L’ouvrir dans votre navigateur web&#xa0;?</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Open the link?</source>
        <translation>Ouvrir le lien&#xa0;?</translation>
    </message>
    <message>
        <location filename="../desk/ui/message_view.py" line="+44"/>
        <source>Saving {name}…</source>
        <translation>Enregistrement de {name}…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Saved {name} ({size}).</source>
        <translation>{name} enregistré ({size}).</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>This attachment is not in the store any more; nothing was saved.</source>
        <translation>Cette pièce jointe ne se trouve plus dans la base de Desk&#xa0;; rien n’a été enregistré.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The attachment could not be saved to {path}: {reason}</source>
        <translation>La pièce jointe n’a pas pu être enregistrée dans {path}&#xa0;: {reason}</translation>
    </message>
    <message>
        <location filename="../desk/ui/source_dialog.py" line="+88"/>
        <source>The source of this message has not been downloaded yet.</source>
        <translation>La source de ce message n’a pas encore été téléchargée.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The source could not be read: {reason}</source>
        <translation>La source n’a pas pu être lue&#xa0;: {reason}</translation>
    </message>
</context>
<context>
    <name>Models</name>
    <message>
        <location filename="../desk/ui/models.py" line="-414"/>
        <source>{days} d {hours} h</source>
        <translation>{days}&#xa0;j {hours}&#xa0;h</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{hours} h</source>
        <translation>{hours}&#xa0;h</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{minutes} min</source>
        <translation>{minutes}&#xa0;min</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>overdue by {time}</source>
        <translation>en retard de {time}</translation>
    </message>
</context>
<context>
    <name>NoticesDialog</name>
    <message>
        <location filename="../desk/ui/notices_dialog.py" line="+79"/>
        <location line="+3"/>
        <source>Acknowledgements and services</source>
        <translation>Accusés de réception et services</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What Desk sends by itself, and the services requests can be handed to.</source>
        <translation>Ce que Desk envoie de lui-même, et les services auxquels transmettre des demandes.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>&amp;Acknowledge each new request</source>
        <translation>Accuser &amp;réception de chaque nouvelle demande</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Acknowledge each new request</source>
        <translation>Accuser réception de chaque nouvelle demande</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Send each person an acknowledgement that says when they will be answered.</source>
        <translation>Envoyer à chaque personne un accusé de réception qui dit quand elle aura sa réponse.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source> h</source>
        <translation>&#xa0;h</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Period</source>
        <translation>Période</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>At most one acknowledgement per person in it.</source>
        <translation>Au plus un accusé de réception par personne pendant cette période.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Send one status &amp;update when the expected time passes</source>
        <translation>Envoyer un &amp;point d’étape quand l’heure prévue est passée</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Status updates</source>
        <translation>Points d’étape</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A request still unanswered at its expected time gets one update.</source>
        <translation>Une demande encore sans réponse à l’heure prévue reçoit un point d’étape.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Time zone</source>
        <translation>Fuseau horaire</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>The zone times are told in, as Europe/Paris.</source>
        <translation>Le fuseau dans lequel les heures sont dites, comme Europe/Paris.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Acknowledgement, French</source>
        <translation>Accusé de réception, français</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Acknowledgement, English</source>
        <translation>Accusé de réception, anglais</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status update, French</source>
        <translation>Point d’étape, français</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status update, English</source>
        <translation>Point d’étape, anglais</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+6"/>
        <source>Text</source>
        <translation>Texte</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>Which text is shown below.</source>
        <translation>Le texte affiché en dessous.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The text; placeholders go in braces, as in the reply templates.</source>
        <translation>Le texte&#x202f;; les variables s’écrivent entre accolades, comme dans les modèles de réponse.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Restore the default</source>
        <translation>Remettre le texte par dé&amp;faut</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Restore the default</source>
        <translation>Remettre le texte par défaut</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Put Desk&apos;s own text back for this one.</source>
        <translation>Reprendre le texte de Desk pour celui-ci.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Acknowledgements</source>
        <translation>Accusés de réception</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>One per person e&amp;very:</source>
        <translation>Un par personne &amp;tous les&#xa0;:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Time &amp;zone:</source>
        <translation>Fu&amp;seau horaire&#xa0;:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Te&amp;xt:</source>
        <translation>Te&amp;xte&#xa0;:</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Service</source>
        <translation>Service</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Delay (hours)</source>
        <translation>Délai (heures)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Services</source>
        <translation>Services</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Where requests can be handed on.</source>
        <translation>Où les demandes peuvent être transmises.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A&amp;dd a service</source>
        <translation>&amp;Ajouter un service</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Add a service</source>
        <translation>Ajouter un service</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A new row to fill in: name, address, delay in hours.</source>
        <translation>Une nouvelle ligne à remplir&#xa0;: nom, adresse, délai en heures.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Re&amp;move the service</source>
        <translation>Supprimer le ser&amp;vice</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Remove the service</source>
        <translation>Supprimer le service</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove the selected service from the list.</source>
        <translation>Retirer de la liste le service choisi.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Services for hand-offs</source>
        <translation>Services pour les transmissions</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Save</source>
        <translation>Enregistrer</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Check and keep these settings.</source>
        <translation>Vérifier et garder ces réglages.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Close without saving.</source>
        <translation>Fermer sans enregistrer.</translation>
    </message>
    <message>
        <location line="+93"/>
        <source>{name}: the delay is a number of hours</source>
        <translation>{name}&#xa0;: le délai est un nombre d’heures</translation>
    </message>
</context>
<context>
    <name>QualityPanel</name>
    <message>
        <location filename="../desk/ui/stats_quality.py" line="+26"/>
        <source>The quality figures come with the others.</source>
        <translation>Les chiffres de qualité viennent avec les autres.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Quality</source>
        <translation>Qualité</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>The quality of every answer of the period.</source>
        <translation>La qualité de toutes les réponses de la période.</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+16"/>
        <source>Answered</source>
        <translation>Répondues</translation>
    </message>
    <message>
        <location line="-16"/>
        <source>Edited</source>
        <translation>Modifiées</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Wrote again</source>
        <translation>Ont réécrit</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Reopened</source>
        <translation>Rouvertes</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Handed off</source>
        <translation>Transmises</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Resolved at first contact</source>
        <translation>Résolues au premier contact</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Template</source>
        <translation>Modèle</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Quality per agent</source>
        <translation>Qualité par agent</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Per agent: answers edited, re-contacts, reopened, hand-offs, resolved first.</source>
        <translation>Par agent&#xa0;: réponses modifiées, relances, réouvertures, transmissions, résolues d’emblée.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Quality per template</source>
        <translation>Qualité par modèle</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Per template: answers edited, re-contacts, reopened, hand-offs, resolved.</source>
        <translation>Par modèle&#xa0;: réponses modifiées, relances, réouvertures, transmissions, résolues.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Service</source>
        <translation>Service</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Handed on</source>
        <translation>Transmises</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Failed</source>
        <translation>Échouées</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Overdue</source>
        <translation>En retard</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Median wait</source>
        <translation>Attente médiane</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Hand-offs per service</source>
        <translation>Transmissions par service</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Per service: requests handed on, answered, failed, overdue, median wait.</source>
        <translation>Par service&#xa0;: demandes transmises, répondues, échouées, en retard, attente médiane.</translation>
    </message>
    <message numerus="yes">
        <location line="+24"/>
        <source>%n request(s) first answered in the period. Resolved at first contact: {fcr}; edited: {edited}; the sender wrote again within 7 days: {again}; reopened: {reopened}; handed to another service first: {handed}.</source>
        <translation>
            <numerusform>%n demande a reçu sa première réponse sur la période. Résolues au premier contact&#xa0;: {fcr}&#x202f;; modifiées&#xa0;: {edited}&#x202f;; l’expéditeur a réécrit sous 7 jours&#xa0;: {again}&#x202f;; rouvertes&#xa0;: {reopened}&#x202f;; transmises d’abord à un autre service&#xa0;: {handed}.</numerusform>
            <numerusform>%n demandes ont reçu leur première réponse sur la période. Résolues au premier contact&#xa0;: {fcr}&#x202f;; modifiées&#xa0;: {edited}&#x202f;; l’expéditeur a réécrit sous 7 jours&#xa0;: {again}&#x202f;; rouvertes&#xa0;: {reopened}&#x202f;; transmises d’abord à un autre service&#xa0;: {handed}.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+14"/>
        <source>(nobody)</source>
        <translation>(personne)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>(no template)</source>
        <translation>(sans modèle)</translation>
    </message>
</context>
<context>
    <name>QueueModel</name>
    <message>
        <location filename="../desk/ui/models.py" line="+35"/>
        <source>Priority</source>
        <translation>Priorité</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Request</source>
        <translation>Demande</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Messages</source>
        <translation>Messages</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Waiting</source>
        <translation>Attente</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Time left</source>
        <translation>Temps restant</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Category</source>
        <translation>Catégorie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Held by</source>
        <translation>Pris en charge par</translation>
    </message>
    <message>
        <location line="+60"/>
        <source>Subject: {subject}</source>
        <translation>Objet&#xa0;: {subject}</translation>
    </message>
    <message>
        <location line="+19"/>
        <location line="+20"/>
        <source>(no subject)</source>
        <translation>(sans objet)</translation>
    </message>
    <message>
        <location line="-8"/>
        <source>{name} ({count})</source>
        <translation>{name} ({count})</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>{title}: {count} open messages, priority {score} (held by {name})</source>
        <translation>{title}&#xa0;: {count} messages ouverts, priorité {score} (pris en charge par {name})</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{title}: {count} open messages, priority {score}</source>
        <translation>{title}&#xa0;: {count} messages ouverts, priorité {score}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Priority {score}</source>
        <translation>Priorité {score}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Deadline</source>
        <translation>Échéance</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cluster size</source>
        <translation>Taille du groupe</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Repeat contacts</source>
        <translation>Relances</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{name}: {points} points</source>
        <translation>{name}&#xa0;: {points} points</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{name} holds {count} of these messages: they cannot be answered here.</source>
        <translation>{name} a pris en charge {count} de ces messages&#xa0;: vous ne pouvez pas y répondre ici.</translation>
    </message>
</context>
<context>
    <name>ServerBox</name>
    <message>
        <location filename="../desk/ui/server_box.py" line="+27"/>
        <source>Incoming mail (IMAP)</source>
        <translation>Courrier entrant (IMAP)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Outgoing mail (SMTP)</source>
        <translation>Courrier sortant (SMTP)</translation>
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
        <translation>Aucune (cet ordinateur uniquement)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Optional: 64 hexadecimal digits</source>
        <translation>Facultatif&#xa0;: 64 chiffres hexadécimaux</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Security choices</source>
        <translation>Choix de sécurité</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>SSL/TLS, STARTTLS, or no protection (this computer only).</source>
        <translation>SSL/TLS, STARTTLS ou sans protection (cet ordinateur uniquement).</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>&amp;Host:</source>
        <translation>&amp;Hôte&#xa0;:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>IMAP server</source>
        <translation>Serveur IMAP</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The name or address of the incoming mail server.</source>
        <translation>Le nom ou l’adresse du serveur de courrier entrant.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>P&amp;ort:</source>
        <translation>P&amp;ort&#xa0;:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>IMAP port</source>
        <translation>Port IMAP</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Follows the security unless you type one: 993 (SSL/TLS) or 143 (STARTTLS).</source>
        <translation>Suit la sécurité choisie, sauf si vous en saisissez un&#xa0;: 993 (SSL/TLS) ou 143 (STARTTLS).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Securit&amp;y:</source>
        <translation>Séc&amp;urité&#xa0;:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>IMAP security</source>
        <translation>Sécurité IMAP</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+50"/>
        <source>How the connection is protected; no protection only towards this computer.</source>
        <translation>Comment la connexion est protégée&#xa0;; sans protection, uniquement vers cet ordinateur.</translation>
    </message>
    <message>
        <location line="-46"/>
        <source>&amp;User:</source>
        <translation>&amp;Identifiant&#xa0;:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>IMAP user</source>
        <translation>Identifiant IMAP</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The user name to log in to the incoming mail server.</source>
        <translation>L’identifiant de connexion au serveur de courrier entrant.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Pass&amp;word:</source>
        <translation>Mot de &amp;passe&#xa0;:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>IMAP password</source>
        <translation>Mot de passe IMAP</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kept in the system keyring, never in the settings file.</source>
        <translation>Conservé dans le trousseau du système, jamais dans le fichier de configuration.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Certificate p&amp;in:</source>
        <translation>Empreinte du certi&amp;ficat&#xa0;:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>IMAP certificate pin</source>
        <translation>Empreinte du certificat IMAP</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+50"/>
        <source>Accept exactly the certificate with this SHA-256 fingerprint (optional).</source>
        <translation>N’accepter que le certificat ayant cette empreinte SHA-256 (facultatif).</translation>
    </message>
    <message>
        <location line="-43"/>
        <source>Optional</source>
        <translation>Facultatif</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Same as IMAP</source>
        <translation>Identique à IMAP</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Ser&amp;ver:</source>
        <translation>Ser&amp;veur&#xa0;:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>SMTP server</source>
        <translation>Serveur SMTP</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The name or address of the outgoing mail server (optional).</source>
        <translation>Le nom ou l’adresse du serveur de courrier sortant (facultatif).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Po&amp;rt:</source>
        <translation>Po&amp;rt&#xa0;:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>SMTP port</source>
        <translation>Port SMTP</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Follows the security unless you type one: 465 (SSL/TLS) or 587 (STARTTLS).</source>
        <translation>Suit la sécurité choisie, sauf si vous en saisissez un&#xa0;: 465 (SSL/TLS) ou 587 (STARTTLS).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Se&amp;curity:</source>
        <translation>Sé&amp;curité&#xa0;:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>SMTP security</source>
        <translation>Sécurité SMTP</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>U&amp;ser:</source>
        <translation>Identifi&amp;ant&#xa0;:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>SMTP user</source>
        <translation>Identifiant SMTP</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The user name to log in to the outgoing server; empty: no login.</source>
        <translation>L’identifiant de connexion au serveur de courrier sortant&#xa0;; vide&#xa0;: pas d’authentification.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>P&amp;assword:</source>
        <translation>Mot de pa&amp;sse&#xa0;:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>SMTP password</source>
        <translation>Mot de passe SMTP</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Empty: the IMAP password is used. Kept in the system keyring.</source>
        <translation>Vide&#xa0;: le mot de passe IMAP est utilisé. Conservé dans le trousseau du système.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Certificate pi&amp;n:</source>
        <translation>Emprei&amp;nte du certificat&#xa0;:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>SMTP certificate pin</source>
        <translation>Empreinte du certificat SMTP</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../desk/ui/settings_dialog.py" line="+67"/>
        <location line="+1"/>
        <source>Settings</source>
        <translation>Paramètres</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The language, undo window, grouping threshold and answer deadline.</source>
        <translation>La langue, le délai d’annulation, le seuil de regroupement et le délai de réponse.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Follow the system</source>
        <translation>Langue du système</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Languages</source>
        <translation>Langues</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Follow the system, French or English.</source>
        <translation>La langue du système, le français ou l’anglais.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Send at once</source>
        <translation>Envoi immédiat</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>&amp;Language:</source>
        <translation>&amp;Langue&#xa0;:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Language</source>
        <translation>Langue</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The language of the window. It changes the next time Desk starts.</source>
        <translation>La langue de la fenêtre. Elle change au prochain démarrage de Desk.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The language changes the next time Desk starts.</source>
        <translation>La langue change au prochain démarrage de Desk.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Undo window (seconds):</source>
        <translation>&amp;Délai d’annulation (secondes)&#xa0;:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Undo window in seconds</source>
        <translation>Délai d’annulation en secondes</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <source>Replies wait this long in the outbox so you can take them back.</source>
        <translation>Les réponses attendent ce temps dans la boîte d’envoi, pour que vous puissiez les reprendre.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Similarity threshold (percent):</source>
        <translation>&amp;Seuil de similarité (pourcentage)&#xa0;:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Similarity threshold in percent</source>
        <translation>Seuil de similarité en pourcentage</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Messages at least this similar are grouped together; a lower value makes bigger groups.</source>
        <translation>Les messages au moins aussi semblables que ce seuil sont regroupés&#xa0;; une valeur plus basse donne des groupes plus grands.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A lower value makes bigger groups of similar messages.</source>
        <translation>Une valeur plus basse donne des groupes plus grands de messages semblables.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Answer &amp;deadline (hours):</source>
        <translation>Délai de &amp;réponse (heures)&#xa0;:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Answer deadline in hours</source>
        <translation>Délai de réponse en heures</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The answer-time promise: messages nearing it come first in the queue.</source>
        <translation>Le délai de réponse promis&#xa0;: les messages qui en approchent passent en tête de la file d’attente.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The answer-time promise; messages nearing it come first.</source>
        <translation>Le délai de réponse promis&#xa0;; les messages qui en approchent passent en premier.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Why the settings could not be saved.</source>
        <translation>Pourquoi les paramètres n’ont pas pu être enregistrés.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Save</source>
        <translation>Enregistrer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keep these settings and close.</source>
        <translation>Enregistrer ces paramètres et fermer.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close without changing anything.</source>
        <translation>Fermer sans rien modifier.</translation>
    </message>
</context>
<context>
    <name>SourceDialog</name>
    <message>
        <location filename="../desk/ui/source_dialog.py" line="-42"/>
        <source>Source of “{subject}”</source>
        <translation>Source de «&#xa0;{subject}&#xa0;»</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <source>Message source</source>
        <translation>Source du message</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The message exactly as it arrived, headers first</source>
        <translation>Le message exactement tel qu’il est arrivé, en-têtes en premier</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Loading the source…</source>
        <translation>Chargement de la source…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Raw source</source>
        <translation>Source brute</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The headers and the encoded body of the message, read-only</source>
        <translation>Les en-têtes et le corps encodé du message, en lecture seule</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Close the source (Escape)</source>
        <translation>Fermer la source (Échap)</translation>
    </message>
</context>
<context>
    <name>StatsDialog</name>
    <message>
        <location filename="../desk/ui/stats_view.py" line="+463"/>
        <location line="+1"/>
        <source>Statistics</source>
        <translation>Statistiques</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A period&apos;s key figures, charts and tables, and their export.</source>
        <translation>Les chiffres clés, graphiques et tableaux d’une période, et leur export.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Closes the statistics.</source>
        <translation>Ferme les statistiques.</translation>
    </message>
</context>
<context>
    <name>StatsView</name>
    <message>
        <location line="-356"/>
        <source>Finding the newest messages…</source>
        <translation>Recherche des messages les plus récents…</translation>
    </message>
    <message>
        <location filename="../desk/ui/stats_period_bar.py" line="+30"/>
        <source>First day</source>
        <translation>Premier jour</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The first day of the period (included); the figures follow it.</source>
        <translation>Le premier jour de la période (inclus)&#xa0;; les chiffres suivent ce choix.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Last day</source>
        <translation>Dernier jour</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The last day of the period (included); the figures follow it.</source>
        <translation>Le dernier jour de la période (inclus)&#xa0;; les chiffres suivent ce choix.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;From:</source>
        <translation>&amp;Du&#xa0;:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;To:</source>
        <translation>&amp;Au&#xa0;:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>To&amp;day</source>
        <translation>Aujourd’&amp;hui</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Today</source>
        <translation>Aujourd’hui</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shows today&apos;s figures.</source>
        <translation>Affiche les chiffres du jour.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;7 days</source>
        <translation>&amp;7 jours</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last 7 days</source>
        <translation>7 derniers jours</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shows the last 7 days, today included.</source>
        <translation>Affiche les 7 derniers jours, aujourd’hui compris.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;30 days</source>
        <translation>&amp;30 jours</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last 30 days</source>
        <translation>30 derniers jours</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shows the last 30 days, today included.</source>
        <translation>Affiche les 30 derniers jours, aujourd’hui compris.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Refresh</source>
        <translation>Ac&amp;tualiser</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refresh</source>
        <translation>Actualiser</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Computes the figures again, as they stand now.</source>
        <translation>Recalcule les chiffres avec les données actuelles.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Working</source>
        <translation>Traitement en cours</translation>
    </message>
    <message>
        <location filename="../desk/ui/stats_view.py" line="+19"/>
        <source>Key figures</source>
        <translation>Chiffres clés</translation>
    </message>
    <message>
        <location filename="../desk/ui/stats_text.py" line="+35"/>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>{value}%</source>
        <translation>{value}&#xa0;%</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>{seconds} s</source>
        <translation>{seconds}&#xa0;s</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+25"/>
        <source>{minutes} min</source>
        <translation>{minutes}&#xa0;min</translation>
    </message>
    <message>
        <location line="-20"/>
        <source>{hours} h {minutes} min</source>
        <translation>{hours}&#xa0;h {minutes}&#xa0;min</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{days} d {hours} h</source>
        <translation>{days}&#xa0;j {hours}&#xa0;h</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{hours} h</source>
        <translation>{hours}&#xa0;h</translation>
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
        <translation>Répondus</translation>
    </message>
    <message>
        <location line="-246"/>
        <source>Sends</source>
        <translation>Envois</translation>
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
        <translation>Temps actif</translation>
    </message>
    <message>
        <location line="-17"/>
        <location line="+9"/>
        <location line="+8"/>
        <source>Time per message</source>
        <translation>Temps par message</translation>
    </message>
    <message>
        <location line="-16"/>
        <source>Messages per send</source>
        <translation>Messages par envoi</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Template</source>
        <translation>Modèle</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+8"/>
        <source>Replies</source>
        <translation>Réponses</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Category</source>
        <translation>Catégorie</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Per agent</source>
        <translation>Par agent</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Per agent: messages answered, sends, actions and active handling time.</source>
        <translation>Par agent&#xa0;: messages répondus, envois, actions et temps de traitement actif.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Per template</source>
        <translation>Par modèle</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Per template: replies sent, messages answered and active handling time.</source>
        <translation>Par modèle&#xa0;: réponses envoyées, messages répondus et temps de traitement actif.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Per category</source>
        <translation>Par catégorie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Per category: replies sent, messages answered and active handling time.</source>
        <translation>Par catégorie&#xa0;: réponses envoyées, messages répondus et temps de traitement actif.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>C&amp;harts</source>
        <translation>&amp;Graphiques</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Per &amp;agent</source>
        <translation>Par ag&amp;ent</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Per te&amp;mplate</source>
        <translation>Par &amp;modèle</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Per &amp;category</source>
        <translation>Par &amp;catégorie</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Forecast</source>
        <translation>&amp;Prévision</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Quality</source>
        <translation>&amp;Qualité</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Charts and tables</source>
        <translation>Graphiques et tableaux</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Charts of the period, and tables per agent, per template and per category.</source>
        <translation>Les graphiques de la période, et les tableaux par agent, par modèle et par catégorie.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Export to &amp;Word…</source>
        <translation>Exporter vers &amp;Word…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Export to Word</source>
        <translation>Exporter vers Word</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Writes the report with its tables and a chart to a Word file.</source>
        <translation>Écrit le rapport, avec ses tableaux et un graphique, dans un fichier Word.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Export to CS&amp;V…</source>
        <translation>Exporter en CS&amp;V…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Export to CSV</source>
        <translation>Exporter en CSV</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Writes one line per day to a CSV file for a spreadsheet.</source>
        <translation>Écrit une ligne par jour dans un fichier CSV pour un tableur.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Export to E&amp;xcel…</source>
        <translation>Exporter vers E&amp;xcel…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Export to Excel</source>
        <translation>Exporter vers Excel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Writes every table to an Excel (.xlsx) workbook, one tab each.</source>
        <translation>Écrit chaque tableau dans un classeur Excel (.xlsx), un onglet par tableau.</translation>
    </message>
    <message>
        <location filename="../desk/ui/stats_text.py" line="+45"/>
        <source>Messages received</source>
        <translation>Messages reçus</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Messages answered</source>
        <translation>Messages répondus</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Backlog at the start</source>
        <translation>En attente en début de période</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Backlog at the end</source>
        <translation>En attente en fin de période</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>First response, median</source>
        <translation>Première réponse, médiane</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>First response, 90th percentile</source>
        <translation>Première réponse, 90e centile</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Answered within {hours} h</source>
        <translation>Répondus en moins de {hours}&#xa0;h</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Still within the deadline, unanswered</source>
        <translation>Sans réponse, encore dans le délai</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Senders who wrote again within 7 days</source>
        <translation>Expéditeurs ayant réécrit sous 7 jours</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Agent actions</source>
        <translation>Actions des agents</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Replies sent (send actions)</source>
        <translation>Réponses envoyées (actions d’envoi)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Active handling time</source>
        <translation>Temps de traitement actif</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Messages answered per send</source>
        <translation>Messages répondus par envoi</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{name}:</source>
        <translation>{name}&#xa0;:</translation>
    </message>
    <message>
        <location filename="../desk/ui/stats_view.py" line="+85"/>
        <source>Days run from midnight to midnight in the time zone {zone}.</source>
        <translation>Les journées vont de minuit à minuit dans le fuseau horaire {zone}.</translation>
    </message>
    <message>
        <location filename="../desk/ui/stats_text.py" line="+93"/>
        <source>The period ends ({last}) before it starts ({first}): choose a last day on or after the first day.</source>
        <translation>La période se termine ({last}) avant de commencer ({first})&#xa0;: choisissez un dernier jour identique ou postérieur au premier.</translation>
    </message>
    <message>
        <location filename="../desk/ui/stats_view.py" line="+24"/>
        <source>Computing the figures…</source>
        <translation>Calcul des chiffres…</translation>
    </message>
    <message>
        <location filename="../desk/ui/stats_text.py" line="-16"/>
        <source>Figures from {first} to {last}, as of {moment}.</source>
        <translation>Chiffres du {first} au {last}, arrêtés au {moment}.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Nothing happened from {first} to {last}: no message arrived, was answered or waited, and no agent action was recorded. Choose another period.</source>
        <translation>Rien ne s’est passé du {first} au {last}&#xa0;: aucun message n’est arrivé, n’a reçu de réponse ni n’était en attente, et aucune action d’agent n’a été enregistrée. Choisissez une autre période.</translation>
    </message>
    <message>
        <location filename="../desk/ui/stats_view.py" line="+36"/>
        <source>The figures could not be computed: {reason}</source>
        <translation>Les chiffres n’ont pas pu être calculés&#xa0;: {reason}</translation>
    </message>
    <message>
        <location filename="../desk/ui/stats_text.py" line="-76"/>
        <source>{share} ({count} of {total})</source>
        <translation>{share} ({count} sur {total})</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{count} ({share})</source>
        <translation>{count} ({share})</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>(no template)</source>
        <translation>(sans modèle)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>(no category)</source>
        <translation>(sans catégorie)</translation>
    </message>
    <message>
        <location filename="../desk/ui/stats_view.py" line="+34"/>
        <source>No figures to show.</source>
        <translation>Aucun chiffre à afficher.</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+7"/>
        <source>Messages per day: received and answered</source>
        <translation>Messages par jour&#xa0;: reçus et répondus</translation>
    </message>
    <message>
        <location line="-6"/>
        <location line="+16"/>
        <source>Messages per hour of the day</source>
        <translation>Messages par heure de la journée</translation>
    </message>
    <message>
        <location line="-13"/>
        <source>Received</source>
        <translation>Reçus</translation>
    </message>
    <message>
        <location filename="../desk/ui/stats_text.py" line="+50"/>
        <source>From {first} to {last}: {received} messages received and {answered} answered. The busiest day was {day}, with {count} received.</source>
        <translation>Du {first} au {last}&#xa0;: {received} messages reçus et {answered} répondus. Le jour le plus chargé a été le {day}, avec {count} messages reçus.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>From {first} to {last}: no message received, {answered} answered.</source>
        <translation>Du {first} au {last}&#xa0;: aucun message reçu, {answered} répondus.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Over the period, the most messages arrived between {start}:00 and {end}:00 ({count} received); the most answers were sent between {answer_start}:00 and {answer_end}:00 ({answers} answered).</source>
        <translation>Sur la période, c’est entre {start}&#xa0;h et {end}&#xa0;h que sont arrivés le plus de messages ({count} reçus)&#xa0;; c’est entre {answer_start}&#xa0;h et {answer_end}&#xa0;h que le plus de réponses ont été envoyées ({answers} répondus).</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>No message arrived in the period.</source>
        <translation>Aucun message n’est arrivé pendant la période.</translation>
    </message>
    <message>
        <location filename="../desk/ui/stats_view.py" line="+27"/>
        <source>Word documents (*.docx)</source>
        <translation>Documents Word (*.docx)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CSV files (*.csv)</source>
        <translation>Fichiers CSV (*.csv)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Classeurs Excel (*.xlsx)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Export the statistics</source>
        <translation>Exporter les statistiques</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>statistics {first} {last}.{extension}</source>
        <translation>statistiques {first} {last}.{extension}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Exporting to {path}…</source>
        <translation>Export vers {path}…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Statistics exported to {path}.</source>
        <translation>Statistiques exportées vers {path}.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The export failed: {reason}</source>
        <translation>L’export a échoué&#xa0;: {reason}</translation>
    </message>
    <message>
        <location filename="../desk/ui/stats_text.py" line="+28"/>
        <source>{path} cannot be written: {reason}. Nothing was exported.</source>
        <translation>Impossible d’écrire {path}&#xa0;: {reason}. Rien n’a été exporté.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>the period ends before it starts.</source>
        <translation>la période se termine avant de commencer.</translation>
    </message>
</context>
<context>
    <name>SuggestedQueueModel</name>
    <message>
        <location filename="../desk/ui/suggestion_model.py" line="+38"/>
        <source>Suggested</source>
        <translation>Suggestion</translation>
    </message>
    <message>
        <location line="+71"/>
        <source>{percent} %</source>
        <translation>{percent}&#xa0;%</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{template} — {confidence}</source>
        <translation>{template} — {confidence}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Suggested from similar messages among the {count} answered with this template; right {confidence} of the time at this score</source>
        <translation>Suggéré d’après des messages semblables parmi les {count} traités avec ce modèle&#xa0;; exact dans {confidence} des cas à ce score</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>No suggestion</source>
        <translation>Aucune suggestion</translation>
    </message>
</context>
<context>
    <name>SuggestionDialog</name>
    <message>
        <location filename="../desk/ui/suggestion_dialog.py" line="+56"/>
        <source>Answer by suggestion: {template}</source>
        <translation>Répondre par suggestion&#xa0;: {template}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Answer by suggestion</source>
        <translation>Répondre par suggestion</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The clusters suggested this template; untick those that should not get it</source>
        <translation>Les groupes pour lesquels ce modèle est suggéré&#xa0;; décochez ceux qui ne doivent pas le recevoir</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Cluster</source>
        <translation>Groupe</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Asks</source>
        <translation>Demande</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open messages</source>
        <translation>Messages ouverts</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Confidence</source>
        <translation>Confiance</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Note</source>
        <translation>Remarque</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Clusters to answer</source>
        <translation>Groupes à traiter</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Space ticks or unticks the selected cluster</source>
        <translation>Espace coche ou décoche le groupe sélectionné</translation>
    </message>
    <message>
        <location line="+16"/>
        <location line="+6"/>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>Send to the ticked clusters</source>
        <translation>Envoyer aux groupes cochés</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Queue one reply per person of every ticked cluster, held for the undo window</source>
        <translation>Mettre en file une réponse par personne de chaque groupe coché, retenue pendant le délai d’annulation</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Close without sending anything</source>
        <translation>Fermer sans rien envoyer</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>(no subject)</source>
        <translation>(sans objet)</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>{percent} %</source>
        <translation>{percent}&#xa0;%</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>held by {name}</source>
        <translation>pris en charge par {name}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the template has a brace problem: fix it in the editor</source>
        <translation>le modèle contient une accolade incorrecte&#xa0;: corrigez-le dans l’éditeur</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>needs your words: {placeholders} has no value for someone</source>
        <translation>à compléter par vous&#xa0;: {placeholders} n’a pas de valeur pour une personne au moins</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>nothing left to answer here</source>
        <translation>plus rien à traiter ici</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{count} that also ask something else left out</source>
        <translation>{count} qui demandent aussi autre chose, laissés de côté</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>{messages} messages in {clusters} clusters will get template {template}.</source>
        <translation>{messages} messages dans {clusters} groupes recevront le modèle {template}.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;Send to 1 person</source>
        <translation>&amp;Envoyer à 1 personne</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Send to {people} people</source>
        <translation>&amp;Envoyer à {people} personnes</translation>
    </message>
</context>
<context>
    <name>SuggestionsController</name>
    <message>
        <location filename="../desk/ui/suggestions_controller.py" line="+68"/>
        <source>G&amp;roup the queue by suggestion</source>
        <translation>Re&amp;grouper la file par suggestion</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>List together the clusters suggested the same template</source>
        <translation>Afficher ensemble les groupes pour lesquels le même modèle est suggéré</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Answer all clusters with this suggestion…</source>
        <translation>&amp;Répondre à tous les groupes de cette suggestion…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Review every open cluster suggested this row&apos;s template, then answer them</source>
        <translation>Passer en revue les groupes ouverts pour lesquels le modèle de cette ligne est suggéré, puis leur répondre</translation>
    </message>
    <message>
        <location line="+66"/>
        <source>Answer all clusters suggested {template}…</source>
        <translation>Répondre à tous les groupes suggérés «&#xa0;{template}&#xa0;»…</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Set up the mailbox account to send (File → Mailbox account).</source>
        <translation>Configurez le compte de messagerie pour envoyer (Fichier → Compte de messagerie).</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The database cannot be reached: reconnecting…</source>
        <translation>La base de données est injoignable&#xa0;: reconnexion…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Opening the desk…</source>
        <translation>Ouverture de Desk…</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The selected row has no suggested template.</source>
        <translation>La ligne sélectionnée n’a pas de modèle suggéré.</translation>
    </message>
    <message>
        <location line="+63"/>
        <source>Nothing was sent</source>
        <translation>Rien n’a été envoyé</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Some clusters were not answered</source>
        <translation>Certains groupes n’ont pas reçu de réponse</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{count} clusters changed since the review opened and got no reply; open them to check:</source>
        <translation>{count} groupes ont changé depuis l’ouverture de la revue et n’ont pas reçu de réponse&#xa0;; ouvrez-les pour vérifier&#xa0;:</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{replies} replies queued for {clusters} clusters.</source>
        <translation>{replies} réponses mises en file pour {clusters} groupes.</translation>
    </message>
</context>
<context>
    <name>TeamPage</name>
    <message>
        <location filename="../desk/ui/first_start_dialog.py" line="-173"/>
        <source>Join your team</source>
        <translation>Rejoindre votre équipe</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The address of the team&apos;s database and your own login, from your team lead.</source>
        <translation>L’adresse de la base de données de l’équipe et votre propre identifiant, donnés par votre responsable.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>db.example.org or db.example.org:5432</source>
        <translation>bd.exemple.fr ou bd.exemple.fr:5432</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Database server</source>
        <translation>Serveur de base de données</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The server&apos;s name, and its port after a colon when it is not 5432.</source>
        <translation>Le nom du serveur, suivi de son port après deux-points s’il n’est pas 5432.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Database name</source>
        <translation>Nom de la base de données</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>The team&apos;s database on the server.</source>
        <translation>La base de données de l’équipe sur le serveur.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Your login</source>
        <translation>Votre identifiant</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Your own login, not the team&apos;s.</source>
        <translation>Votre propre identifiant, pas celui de l’équipe.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Your password</source>
        <translation>Votre mot de passe</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Kept in your PostgreSQL password file, never in Desk&apos;s settings. Leave it empty when your organisation signs you in another way.</source>
        <translation>Gardé dans votre fichier de mots de passe PostgreSQL, jamais dans les réglages de Desk. Laissez-le vide si votre organisation vous connecte autrement.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Check</source>
        <translation>&amp;Vérifier</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Check</source>
        <translation>Vérifier</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Connect with these settings and check that you are in the team.</source>
        <translation>Se connecter avec ces réglages et vérifier que vous faites partie de l’équipe.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Working</source>
        <translation>En cours</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Desk is talking to the database.</source>
        <translation>Desk échange avec la base de données.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Shared mailbox</source>
        <translation>Boîte partagée</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The team&apos;s mailbox this computer answers.</source>
        <translation>La boîte de l’équipe à laquelle cet ordinateur répond.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>What the check found.</source>
        <translation>Ce que la vérification a trouvé.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What needs fixing.</source>
        <translation>Ce qui doit être corrigé.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Server:</source>
        <translation>Se&amp;rveur&#xa0;:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Database:</source>
        <translation>Base de &amp;données&#xa0;:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Login:</source>
        <translation>&amp;Identifiant&#xa0;:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Password:</source>
        <translation>&amp;Mot de passe&#xa0;:</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Give the server as its name, or name:port.</source>
        <translation>Indiquez le serveur par son nom, ou nom:port.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Give the database&apos;s name and your login.</source>
        <translation>Indiquez le nom de la base de données et votre identifiant.</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>agent</source>
        <translation>agent</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>team lead</source>
        <translation>responsable d’équipe</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>owner</source>
        <translation>propriétaire</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Connected as {login} ({role}).</source>
        <translation>Connecté en tant que {login} ({role}).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The team has no shared mailbox yet; set it later with File &gt; Mailbox account…</source>
        <translation>L’équipe n’a pas encore de boîte partagée&#x202f;; indiquez-la plus tard avec Fichier &gt; Compte de messagerie…</translation>
    </message>
</context>
<context>
    <name>TeamPanel</name>
    <message>
        <location filename="../desk/ui/team_panel.py" line="+49"/>
        <source>Who</source>
        <translation>Qui</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Where</source>
        <translation>Poste</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Connected since</source>
        <translation>Connecté depuis</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Holds</source>
        <translation>Traite</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last seen</source>
        <translation>Dernier signe</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Team</source>
        <translation>Équipe</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Who is connected, what each agent holds and since when</source>
        <translation>Qui est connecté, ce que chaque agent traite et depuis quand</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Release their claims</source>
        <translation>&amp;Libérer ses prises en charge</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Release their claims</source>
        <translation>Libérer ses prises en charge</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Give the selected agent&apos;s messages back to the queue (team leads)</source>
        <translation>Rendre à la file les messages de l’agent choisi (responsables d’équipe)</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>The team&apos;s service</source>
        <translation>Le service de l’équipe</translation>
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
            <numerusform>%n groupe</numerusform>
            <numerusform>%n groupes</numerusform>
        </translation>
    </message>
    <message>
        <location line="+20"/>
        <source>{agents} agents connected; {held} messages held</source>
        <translation>{agents} agents connectés&#xa0;; {held} messages en traitement</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>{who}: answered meanwhile by someone else</source>
        <translation>{who}&#xa0;: a reçu entre-temps une réponse de quelqu’un d’autre</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{who}: an answer is already on its way</source>
        <translation>{who}&#xa0;: une réponse est déjà en cours d’envoi</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{who}: now held by {holder}</source>
        <translation>{who}&#xa0;: désormais traité par {holder}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{who}: wrote again at {time}</source>
        <translation>{who}&#xa0;: a réécrit à {time}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{who}: closed meanwhile</source>
        <translation>{who}&#xa0;: clos entre-temps</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{who}: no longer in the mailbox</source>
        <translation>{who}&#xa0;: n’est plus dans la boîte</translation>
    </message>
</context>
<context>
    <name>TemplateButtons</name>
    <message>
        <location filename="../desk/ui/template_buttons.py" line="+18"/>
        <source>Ne&amp;w</source>
        <translation>No&amp;uveau</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New template</source>
        <translation>Nouveau modèle</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Empties the form to write a new template.</source>
        <translation>Vide le formulaire pour rédiger un nouveau modèle.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Duplicate</source>
        <translation>&amp;Dupliquer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Duplicate template</source>
        <translation>Dupliquer le modèle</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Saves a copy of this template under a new name and opens it.</source>
        <translation>Enregistre une copie de ce modèle sous un nouveau nom et l’ouvre.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>D&amp;elete</source>
        <translation>Su&amp;pprimer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete template</source>
        <translation>Supprimer le modèle</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Deletes this template after asking; sent replies keep their text.</source>
        <translation>Supprime ce modèle après confirmation&#xa0;; les réponses envoyées gardent leur texte.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Save</source>
        <translation>&amp;Enregistrer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save template</source>
        <translation>Enregistrer le modèle</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Saves the changes (Ctrl+S).</source>
        <translation>Enregistre les modifications (Ctrl+S).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Import from Word…</source>
        <translation>&amp;Importer depuis Word…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Import from Word</source>
        <translation>Importer depuis Word</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Adds the templates of a Word .docx file; what an email cannot carry (images, tables…) is left out and listed.</source>
        <translation>Ajoute les modèles d’un fichier Word .docx&#xa0;; ce qu’un courriel ne peut pas contenir (images, tableaux…) est écarté et signalé.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>E&amp;xport to Word…</source>
        <translation>E&amp;xporter vers Word…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export to Word</source>
        <translation>Exporter vers Word</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Writes every template to a Word .docx file that can be imported back.</source>
        <translation>Écrit tous les modèles dans un fichier Word .docx, qui peut être réimporté.</translation>
    </message>
</context>
<context>
    <name>TemplateEditor</name>
    <message>
        <location filename="../desk/ui/template_editor.py" line="+415"/>
        <location line="+1"/>
        <source>Reply templates</source>
        <translation>Modèles de réponse</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Write, check, import and export the reply templates of the team.</source>
        <translation>Rédiger, vérifier, importer et exporter les modèles de réponse de l’équipe.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Closes the template editor (asks first about unsaved changes).</source>
        <translation>Ferme l’éditeur de modèles (en demandant d’abord quoi faire des modifications non enregistrées).</translation>
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
        <translation>tableaux</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>text boxes</source>
        <translation>zones de texte</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>content controls</source>
        <translation>contrôles de contenu</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>page headers</source>
        <translation>en-têtes de page</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>page footers</source>
        <translation>pieds de page</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>tracked changes</source>
        <translation>modifications suivies</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>equations</source>
        <translation>équations</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>comments</source>
        <translation>commentaires</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>footnotes</source>
        <translation>notes de bas de page</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>endnotes</source>
        <translation>notes de fin</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>embedded objects</source>
        <translation>objets incorporés</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>fields</source>
        <translation>champs</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ruby text</source>
        <translation>texte ruby</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>symbols</source>
        <translation>symboles</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>strikethrough</source>
        <translation>texte barré</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>highlighting</source>
        <translation>surlignage</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>superscript and subscript</source>
        <translation>exposants et indices</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>text colours</source>
        <translation>couleurs de texte</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>links inside the document</source>
        <translation>liens internes au document</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>damaged template details</source>
        <translation>éléments de modèle endommagés</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>the style “{name}”</source>
        <translation>le style «&#xa0;{name}&#xa0;»</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>“{name}”</source>
        <translation>«&#xa0;{name}&#xa0;»</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The file held no template: nothing was imported.</source>
        <translation>Le fichier ne contenait aucun modèle&#xa0;: rien n’a été importé.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Imported one template: {names}.</source>
        <translation>Un modèle importé&#xa0;: {names}.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Imported {count} templates: {names}.</source>
        <translation>{count} modèles importés&#xa0;: {names}.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>“{old}” was renamed “{new}”: that name was already taken.</source>
        <translation>«&#xa0;{old}&#xa0;» a été renommé «&#xa0;{new}&#xa0;»&#xa0;: ce nom était déjà pris.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{kind} ({count})</source>
        <translation>{kind} ({count})</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Left out, because a reply cannot carry them: {items}.</source>
        <translation>Écartés, car une réponse ne peut pas les contenir&#xa0;: {items}.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Nothing was left out.</source>
        <translation>Rien n’a été écarté.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>A template named “{existing}” already exists. Choose another name; nothing was saved.</source>
        <translation>Un modèle nommé «&#xa0;{existing}&#xa0;» existe déjà. Choisissez un autre nom&#xa0;; rien n’a été enregistré.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Give the template a name (at most 200 characters); nothing was saved.</source>
        <translation>Donnez un nom au modèle (200 caractères au plus)&#xa0;; rien n’a été enregistré.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The category is too long (at most 50 characters); nothing was saved.</source>
        <translation>La catégorie est trop longue (50 caractères au plus)&#xa0;; rien n’a été enregistré.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>This template was deleted meanwhile (perhaps by a colleague). Your text is still here: save it as a new template with New, then paste it.</source>
        <translation>Ce modèle a été supprimé entre-temps (peut-être par un collègue). Votre texte est toujours là&#xa0;: copiez-le, créez un nouveau modèle avec Nouveau, puis collez-le.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{path} cannot be imported: {reason}. Nothing was imported.</source>
        <translation>Impossible d’importer {path}&#xa0;: {reason}. Rien n’a été importé.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{path} cannot be written: {reason}. Nothing was exported.</source>
        <translation>Impossible d’écrire {path}&#xa0;: {reason}. Rien n’a été exporté.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The file could not be used: {reason}</source>
        <translation>Le fichier n’a pas pu être utilisé&#xa0;: {reason}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Something went wrong: {error}</source>
        <translation>Un problème est survenu&#xa0;: {error}</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Line {line}, column {column}: {text} is not a placeholder Desk knows.</source>
        <translation>Ligne {line}, colonne {column}&#xa0;: {text} n’est pas une variable connue de Desk.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Line {line}, column {column}: {text} names no placeholder.</source>
        <translation>Ligne {line}, colonne {column}&#xa0;: {text} ne désigne aucune variable.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Line {line}, column {column}: this “{{” is never closed (write {{{{ for a brace).</source>
        <translation>Ligne {line}, colonne {column}&#xa0;: ce «&#xa0;{{&#xa0;» n’est jamais fermé (écrivez {{{{ pour une accolade).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Line {line}, column {column}: this “}}” closes nothing (write }}}} for a brace).</source>
        <translation>Ligne {line}, colonne {column}&#xa0;: ce «&#xa0;}}&#xa0;» ne ferme rien (écrivez }}}} pour une accolade).</translation>
    </message>
    <message>
        <location filename="../desk/ui/template_editor.py" line="-308"/>
        <source>Search templates</source>
        <translation>Rechercher des modèles</translation>
    </message>
    <message>
        <location line="+198"/>
        <source>Delete template</source>
        <translation>Supprimer le modèle</translation>
    </message>
    <message>
        <location line="-203"/>
        <source>Save template</source>
        <translation>Enregistrer le modèle</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Unsaved changes.</source>
        <translation>Modifications non enregistrées.</translation>
    </message>
    <message>
        <location filename="../desk/ui/template_questions.py" line="+20"/>
        <source>(no name)</source>
        <translation>(sans nom)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Unsaved changes</source>
        <translation>Modifications non enregistrées</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The template “{name}” has unsaved changes. Save them?</source>
        <translation>Le modèle «&#xa0;{name}&#xa0;» a des modifications non enregistrées. Les enregistrer&#xa0;?</translation>
    </message>
    <message>
        <location filename="../desk/ui/template_editor.py" line="+162"/>
        <source>Template “{name}” saved.</source>
        <translation>Modèle «&#xa0;{name}&#xa0;» enregistré.</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Delete the template “{name}”? Replies already sent keep their text; this cannot be undone.</source>
        <translation>Supprimer le modèle «&#xa0;{name}&#xa0;»&#xa0;? Les réponses déjà envoyées gardent leur texte&#xa0;; cette action est irréversible.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Template “{name}” deleted.</source>
        <translation>Modèle «&#xa0;{name}&#xa0;» supprimé.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Copy “{name}” created; it is open now.</source>
        <translation>Copie «&#xa0;{name}&#xa0;» créée&#xa0;; elle est maintenant ouverte.</translation>
    </message>
    <message>
        <location filename="../desk/ui/template_questions.py" line="+32"/>
        <source>Import templates from Word</source>
        <translation>Importer des modèles depuis Word</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+11"/>
        <source>Word documents (*.docx)</source>
        <translation>Documents Word (*.docx)</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>Export templates to Word</source>
        <translation>Exporter les modèles vers Word</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>reply templates.docx</source>
        <translation>modèles de réponse.docx</translation>
    </message>
    <message>
        <location filename="../desk/ui/template_editor.py" line="+22"/>
        <source>Importing {path}…</source>
        <translation>Import de {path}…</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Exporting to {path}…</source>
        <translation>Export vers {path}…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Exported one template to {path}.</source>
        <translation>Un modèle exporté vers {path}.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Exported {count} templates to {path}.</source>
        <translation>{count} modèles exportés vers {path}.</translation>
    </message>
</context>
<context>
    <name>TemplateForm</name>
    <message>
        <location filename="../desk/ui/template_form.py" line="+82"/>
        <source>Template name</source>
        <translation>Nom du modèle</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The name agents pick the template by; two templates cannot share a name.</source>
        <translation>Le nom sous lequel les agents choisissent le modèle&#xa0;; deux modèles ne peuvent pas porter le même nom.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Category</source>
        <translation>Catégorie</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Optional: the kind of request this template answers (exams, payment…).</source>
        <translation>Facultatif&#xa0;: le type de demande auquel répond ce modèle (examens, paiement…).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>French</source>
        <translation>Français</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>English</source>
        <translation>Anglais</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Language</source>
        <translation>Langue</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The language the reply is written in; placeholders are inserted in it.</source>
        <translation>La langue dans laquelle la réponse est rédigée&#xa0;; les variables sont insérées dans cette langue.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Template text</source>
        <translation>Texte du modèle</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The reply as plain text. Placeholders are written in braces, like {{prénom}}. {shortcut} opens the menu of placeholders; Tab leaves the text.</source>
        <translation>La réponse en texte brut. Les variables s’écrivent entre accolades, comme {{prénom}}. {shortcut} ouvre le menu des variables&#xa0;; Tab quitte le texte.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Body:</source>
        <translation>&amp;Texte&#xa0;:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This template also has a formatted version (from Word). If you change the text here, it is saved as plain text and that formatting is dropped.</source>
        <translation>Ce modèle a aussi une version mise en forme (issue de Word). Si vous modifiez le texte ici, il est enregistré en texte brut et cette mise en forme est perdue.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Placeholders</source>
        <translation>Variables</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Insert &amp;placeholder</source>
        <translation>Insérer une &amp;variable</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+8"/>
        <source>Insert placeholder</source>
        <translation>Insérer une variable</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>Opens the list of placeholders; the one chosen is written at the cursor in the text. Shortcut: {shortcut}.</source>
        <translation>Ouvre la liste des variables&#xa0;; celle choisie est écrite à l’emplacement du curseur dans le texte. Raccourci&#xa0;: {shortcut}.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Problems in the text</source>
        <translation>Problèmes dans le texte</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Braces Desk cannot read; Enter on one moves the cursor to it in the text.</source>
        <translation>Les accolades que Desk ne sait pas lire&#xa0;; Entrée sur l’une d’elles place le curseur à cet endroit du texte.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Pr&amp;oblems:</source>
        <translation>Pr&amp;oblèmes&#xa0;:</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>F&amp;allbacks:</source>
        <translation>Textes de rempl&amp;acement&#xa0;:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Name:</source>
        <translation>&amp;Nom&#xa0;:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Category:</source>
        <translation>&amp;Catégorie&#xa0;:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Language:</source>
        <translation>&amp;Langue&#xa0;:</translation>
    </message>
    <message>
        <location line="+118"/>
        <source>{placeholder} — {description}</source>
        <translation>{placeholder} — {description}</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>One problem: this reply could not be sent as it is.</source>
        <translation>Un problème&#xa0;: cette réponse ne pourrait pas être envoyée en l’état.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{count} problems: this reply could not be sent as it is.</source>
        <translation>{count} problèmes&#xa0;: cette réponse ne pourrait pas être envoyée en l’état.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No problem: every placeholder is recognised.</source>
        <translation>Aucun problème&#xa0;: toutes les variables sont reconnues.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The text is empty.</source>
        <translation>Le texte est vide.</translation>
    </message>
</context>
<context>
    <name>TemplateListPane</name>
    <message>
        <location filename="../desk/ui/template_list.py" line="+57"/>
        <source>Name, category or words of the text</source>
        <translation>Nom, catégorie ou mots du texte</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Search templates</source>
        <translation>Rechercher des modèles</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Lists the templates whose name, category or text contain every word typed, ignoring case and accents. Ctrl+F comes back here.</source>
        <translation>Liste les modèles dont le nom, la catégorie ou le texte contiennent tous les mots saisis, sans tenir compte des majuscules ni des accents. Ctrl+F ramène ici.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Sea&amp;rch:</source>
        <translation>&amp;Rechercher&#xa0;:</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Templates</source>
        <translation>Modèles</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The templates found; choosing one opens it in the form on the right.</source>
        <translation>Les modèles trouvés&#xa0;; en choisir un l’ouvre dans le formulaire à droite.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Templates:</source>
        <translation>&amp;Modèles&#xa0;:</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>Category: {category}</source>
        <translation>Catégorie&#xa0;: {category}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{count} templates found.</source>
        <translation>{count} modèles trouvés.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>One template found.</source>
        <translation>Un modèle trouvé.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No template matches these words.</source>
        <translation>Aucun modèle ne correspond à ces mots.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No template yet: write one and save it.</source>
        <translation>Aucun modèle pour l’instant&#xa0;: rédigez-en un et enregistrez-le.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The templates could not be listed: {reason}</source>
        <translation>Les modèles n’ont pas pu être listés&#xa0;: {reason}</translation>
    </message>
</context>
<context>
    <name>WindowDialogs</name>
    <message>
        <location filename="../desk/ui/window_dialogs.py" line="+107"/>
        <source>Set up the mailbox first: these settings are the mailbox&apos;s.</source>
        <translation>Configurez d’abord la boîte&#xa0;: ces réglages sont ceux de la boîte.</translation>
    </message>
</context>
</TS>
