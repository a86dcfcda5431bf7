<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About Compliance Desk</source>
        <translation>Über Compliance Desk</translation>
    </message>
    <message>
        <source>Compliance Desk %1</source>
        <translation>Compliance Desk %1</translation>
    </message>
    <message>
        <source>Name and version</source>
        <translation>Name und Version</translation>
    </message>
    <message>
        <source>Compliance checklists for video conferencing, kept in a local workspace, with signed-off reports. It works offline and sends nothing anywhere.</source>
        <translation>Compliance-Prüflisten für Videokonferenzen, in einem lokalen Arbeitsbereich geführt, mit freigegebenen Berichten. Die App arbeitet offline und sendet nichts nach außen.</translation>
    </message>
    <message>
        <source>Data folder: %1</source>
        <translation>Datenordner: %1</translation>
    </message>
    <message>
        <source>Compliance Desk is MIT-licensed and is made with the work of others, each under its own licence. Choose a row to read the licence.</source>
        <translation>Compliance Desk steht unter der MIT-Lizenz und baut auf der Arbeit anderer auf, jeweils unter eigener Lizenz. Wählen Sie eine Zeile, um die Lizenz zu lesen.</translation>
    </message>
    <message>
        <source>What the app contains</source>
        <translation>Was die App enthält</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Licence</source>
        <translation>Lizenz</translation>
    </message>
    <message>
        <source>What it is</source>
        <translation>Was es ist</translation>
    </message>
    <message>
        <source>Licence text</source>
        <translation>Lizenztext</translation>
    </message>
    <message>
        <source>Licence: %1</source>
        <translation>Lizenz: %1</translation>
    </message>
    <message>
        <source>Home page: %1</source>
        <translation>Webseite: %1</translation>
    </message>
    <message>
        <source>Its distribution ships no licence file.</source>
        <translation>Die Distribution enthält keine Lizenzdatei.</translation>
    </message>
</context>
<context>
    <name>ActionDialog</name>
    <message>
        <source>Edit action</source>
        <translation>Maßnahme bearbeiten</translation>
    </message>
    <message>
        <source>Add action</source>
        <translation>Maßnahme hinzufügen</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Maßnahme</translation>
    </message>
    <message>
        <source>What will be done</source>
        <translation>Was getan wird</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Verantwortlich</translation>
    </message>
    <message>
        <source>Who will do it</source>
        <translation>Wer es erledigt</translation>
    </message>
    <message>
        <source>Due date</source>
        <translation>Fälligkeitsdatum</translation>
    </message>
    <message>
        <source>&amp;Action:</source>
        <translation>&amp;Maßnahme:</translation>
    </message>
    <message>
        <source>&amp;Owner:</source>
        <translation>&amp;Verantwortlich:</translation>
    </message>
    <message>
        <source>&amp;Due:</source>
        <translation>&amp;Fällig am:</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>&amp;Status:</source>
        <translation>&amp;Status:</translation>
    </message>
    <message>
        <source>Say what will be done.</source>
        <translation>Geben Sie an, was getan wird.</translation>
    </message>
    <message>
        <source>Name who will do it.</source>
        <translation>Nennen Sie, wer es erledigt.</translation>
    </message>
    <message>
        <source>Type the due date as year-month-day, e.g. 2027-01-15.</source>
        <translation>Geben Sie das Fälligkeitsdatum als Jahr-Monat-Tag ein, z. B. 2027-01-15.</translation>
    </message>
</context>
<context>
    <name>ActionsTab</name>
    <message>
        <source>Remediation actions</source>
        <translation>Abhilfemaßnahmen</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Maßnahme</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Verantwortlich</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Fällig</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Status now</source>
        <translation>Aktueller Status</translation>
    </message>
    <message>
        <source>A&amp;dd action…</source>
        <translation>&amp;Maßnahme hinzufügen…</translation>
    </message>
    <message>
        <source>Add a remediation action</source>
        <translation>Eine Abhilfemaßnahme hinzufügen</translation>
    </message>
    <message>
        <source>Ed&amp;it action…</source>
        <translation>Maßnahme bearbe&amp;iten…</translation>
    </message>
    <message>
        <source>Edit the selected action</source>
        <translation>Die ausgewählte Maßnahme bearbeiten</translation>
    </message>
    <message>
        <source>Progress since sign-off</source>
        <translation>Fortschritt seit der Freigabe</translation>
    </message>
    <message>
        <source>Progress note</source>
        <translation>Fortschrittsnotiz</translation>
    </message>
    <message>
        <source>How the work is going</source>
        <translation>Wie die Arbeit vorangeht</translation>
    </message>
    <message>
        <source>Save pro&amp;gress</source>
        <translation>Fortschritt spei&amp;chern</translation>
    </message>
    <message>
        <source>Save the action&apos;s progress</source>
        <translation>Den Fortschritt der Maßnahme speichern</translation>
    </message>
    <message>
        <source>Status no&amp;w:</source>
        <translation>A&amp;ktueller Status:</translation>
    </message>
    <message>
        <source>Progress no&amp;te:</source>
        <translation>Fort&amp;schrittsnotiz:</translation>
    </message>
    <message>
        <source>The title, owner and due date were approved with the sign-off; reopen the assessment to change them.</source>
        <translation>Titel, Verantwortliche und Fälligkeit wurden mit der Freigabe genehmigt; öffnen Sie die Bewertung wieder, um sie zu ändern.</translation>
    </message>
    <message>
        <source>Status at sign-off</source>
        <translation>Status bei der Freigabe</translation>
    </message>
    <message>
        <source>Progress: %1</source>
        <translation>Fortschritt: %1</translation>
    </message>
</context>
<context>
    <name>AnswerButtons</name>
    <message>
        <source>Answer %1</source>
        <translation>Mit %1 antworten</translation>
    </message>
    <message>
        <source>Answer %1 (%2)</source>
        <translation>Mit %1 antworten (%2)</translation>
    </message>
    <message>
        <source>&amp;Clear</source>
        <translation>&amp;Löschen</translation>
    </message>
    <message>
        <source>Clear the answer</source>
        <translation>Die Antwort löschen</translation>
    </message>
    <message>
        <source>Clear the answer (Ctrl+0)</source>
        <translation>Die Antwort löschen (Strg+0)</translation>
    </message>
    <message>
        <source>Answer given</source>
        <translation>Gegebene Antwort</translation>
    </message>
    <message>
        <source>&amp;Yes</source>
        <translation>&amp;Ja</translation>
    </message>
    <message>
        <source>&amp;Partial</source>
        <translation>&amp;Teilweise</translation>
    </message>
    <message>
        <source>&amp;No</source>
        <translation>&amp;Nein</translation>
    </message>
    <message>
        <source>N/A</source>
        <translation>Entfällt</translation>
    </message>
    <message>
        <source>Chosen</source>
        <translation>Gewählt</translation>
    </message>
    <message>
        <source>Not answered yet</source>
        <translation>Noch nicht beantwortet</translation>
    </message>
    <message>
        <source>Answer: %1</source>
        <translation>Antwort: %1</translation>
    </message>
</context>
<context>
    <name>AssessmentController</name>
    <message>
        <source>The assessment is signed off: reopen it before changing anything.</source>
        <translation>Die Bewertung ist freigegeben: Öffnen Sie sie wieder, bevor Sie etwas ändern.</translation>
    </message>
    <message>
        <source>Nothing to undo.</source>
        <translation>Nichts rückgängig zu machen.</translation>
    </message>
    <message>
        <source>The item was changed elsewhere since; nothing was undone.</source>
        <translation>Der Punkt wurde inzwischen an anderer Stelle geändert; nichts wurde rückgängig gemacht.</translation>
    </message>
</context>
<context>
    <name>AssessmentDialogs</name>
    <message>
        <source>Reopen the assessment</source>
        <translation>Bewertung wieder öffnen</translation>
    </message>
    <message>
        <source>Reopening makes the assessment a draft again. The sign-off is kept in the history, marked void, with your reason.</source>
        <translation>Durch das Wiederöffnen wird die Bewertung wieder zum Entwurf. Die Freigabe bleibt im Verlauf erhalten, als ungültig markiert und mit Ihrer Begründung.</translation>
    </message>
    <message>
        <source>Reopen</source>
        <translation>Wieder öffnen</translation>
    </message>
    <message>
        <source>Write the evidence dates as YYYY-MM-DD (or leave “valid until” empty).</source>
        <translation>Schreiben Sie die Daten des Nachweises als JJJJ-MM-TT (oder lassen Sie „gültig bis“ leer).</translation>
    </message>
    <message>
        <source>Attach a file as evidence</source>
        <translation>Datei als Nachweis anhängen</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Save a copy of the evidence</source>
        <translation>Kopie des Nachweises speichern</translation>
    </message>
    <message>
        <source>Saved a copy of %1 (SHA-256 checked) to %2.</source>
        <translation>Kopie von %1 (SHA-256 geprüft) unter %2 gespeichert.</translation>
    </message>
    <message>
        <source>Remove evidence</source>
        <translation>Nachweis entfernen</translation>
    </message>
    <message>
        <source>The file is detached from the item; the removal and your reason are recorded in the history.</source>
        <translation>Die Datei wird vom Punkt gelöst; das Entfernen und Ihre Begründung werden im Verlauf festgehalten.</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>The last review&apos;s checklist is not in this workspace: nothing to compare.</source>
        <translation>Die Prüfliste der letzten Überprüfung ist nicht in diesem Arbeitsbereich: Es gibt nichts zu vergleichen.</translation>
    </message>
</context>
<context>
    <name>AssessmentHeader</name>
    <message>
        <source>◀ Assessments</source>
        <translation>◀ Bewertungen</translation>
    </message>
    <message>
        <source>Back to the assessments list</source>
        <translation>Zurück zur Liste der Bewertungen</translation>
    </message>
    <message>
        <source>Back to the assessments list (Ctrl+L)</source>
        <translation>Zurück zur Liste der Bewertungen (Strg+L)</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Fortschritt</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>%1, version %2</source>
        <translation>%1, Version %2</translation>
    </message>
    <message>
        <source>Scope: %1</source>
        <translation>Geltungsbereich: %1</translation>
    </message>
    <message>
        <source>Assessor: %1</source>
        <translation>Bewerter/in: %1</translation>
    </message>
    <message>
        <source>School: %1</source>
        <translation>Schule: %1</translation>
    </message>
    <message>
        <source>%1 of %2 answered</source>
        <translation>%1 von %2 beantwortet</translation>
    </message>
</context>
<context>
    <name>AssessmentListModel</name>
    <message>
        <source>Organisation</source>
        <translation>Organisation</translation>
    </message>
    <message>
        <source>School</source>
        <translation>Schule</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <source>Checklist</source>
        <translation>Prüfliste</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>Antworten</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Last change</source>
        <translation>Letzte Änderung</translation>
    </message>
    <message>
        <source>What is stored is no longer what the sign-off approved: the workspace was changed outside Compliance Desk. Open it to see the details.</source>
        <translation>Was gespeichert ist, entspricht nicht mehr dem, was die Freigabe genehmigt hat: Der Arbeitsbereich wurde außerhalb von Compliance Desk geändert. Öffnen Sie die Bewertung, um die Einzelheiten zu sehen.</translation>
    </message>
    <message>
        <source>No school</source>
        <translation>Keine Schule</translation>
    </message>
    <message>
        <source>Altered since sign-off</source>
        <translation>Seit der Freigabe verändert</translation>
    </message>
    <message>
        <source>v%1</source>
        <translation>v%1</translation>
    </message>
</context>
<context>
    <name>AssessmentView</name>
    <message>
        <source>Answer cleared</source>
        <translation>Antwort gelöscht</translation>
    </message>
    <message>
        <source>Saved: %1</source>
        <translation>Gespeichert: %1</translation>
    </message>
    <message>
        <source>Confirmed: %1</source>
        <translation>Bestätigt: %1</translation>
    </message>
    <message>
        <source>Progress saved: %1 is now %2</source>
        <translation>Fortschritt gespeichert: %1 ist jetzt %2</translation>
    </message>
    <message>
        <source>Undone: %1</source>
        <translation>Rückgängig gemacht: %1</translation>
    </message>
    <message>
        <source>Undo the last change, to %1 (Ctrl+Z)</source>
        <translation>Die letzte Änderung (an %1) rückgängig machen (Strg+Z)</translation>
    </message>
    <message>
        <source>Nothing to undo (Ctrl+Z)</source>
        <translation>Nichts rückgängig zu machen (Strg+Z)</translation>
    </message>
</context>
<context>
    <name>AssessmentsPage</name>
    <message>
        <source>Assessments</source>
        <translation>Bewertungen</translation>
    </message>
    <message>
        <source>Filter by organisation, title or checklist</source>
        <translation>Nach Organisation, Titel oder Prüfliste filtern</translation>
    </message>
    <message>
        <source>Filter assessments</source>
        <translation>Bewertungen filtern</translation>
    </message>
    <message>
        <source>&amp;New assessment…</source>
        <translation>&amp;Neue Bewertung…</translation>
    </message>
    <message>
        <source>Create a new assessment</source>
        <translation>Eine neue Bewertung anlegen</translation>
    </message>
    <message>
        <source>Notice</source>
        <translation>Hinweis</translation>
    </message>
    <message>
        <source>Actions for the chosen assessment</source>
        <translation>Befehle für die gewählte Bewertung</translation>
    </message>
    <message>
        <source>No assessments yet. Start one with New assessment (Ctrl+N).</source>
        <translation>Noch keine Bewertungen. Beginnen Sie eine mit „Neue Bewertung“ (Strg+N).</translation>
    </message>
</context>
<context>
    <name>BackupsDialog</name>
    <message>
        <source>%1 KiB</source>
        <translation>%1 KiB</translation>
    </message>
    <message>
        <source>%1 MiB</source>
        <translation>%1 MiB</translation>
    </message>
    <message>
        <source>Before an update</source>
        <translation>Vor einem Update</translation>
    </message>
    <message>
        <source>At a sign-off</source>
        <translation>Bei einer Freigabe</translation>
    </message>
    <message>
        <source>Daily</source>
        <translation>Täglich</translation>
    </message>
    <message>
        <source>Made by hand</source>
        <translation>Von Hand erstellt</translation>
    </message>
    <message>
        <source>Before a restore</source>
        <translation>Vor einer Wiederherstellung</translation>
    </message>
    <message>
        <source>Before emptying the recycle bin</source>
        <translation>Vor dem Leeren des Papierkorbs</translation>
    </message>
    <message>
        <source>At the sign-off of “%1”</source>
        <translation>Bei der Freigabe von „%1“</translation>
    </message>
    <message>
        <source>%1, in the recycle bin</source>
        <translation>%1, im Papierkorb</translation>
    </message>
    <message>
        <source>… and %1 more</source>
        <translation>… und %1 weitere</translation>
    </message>
    <message>
        <source>(no assessments)</source>
        <translation>(keine Bewertungen)</translation>
    </message>
    <message numerus="yes">
        <source>Restore the backup made %1 (%2)? It holds %n assessment(s):</source>
        <translation>
            <numerusform>Die Sicherung vom %1 (%2) wiederherstellen? Sie enthält %n Bewertung:</numerusform>
            <numerusform>Die Sicherung vom %1 (%2) wiederherstellen? Sie enthält %n Bewertungen:</numerusform>
        </translation>
    </message>
    <message>
        <source>Not in this backup, so they leave the list:</source>
        <translation>Nicht in dieser Sicherung, daher verschwinden sie aus der Liste:</translation>
    </message>
    <message>
        <source>The workspace as it is now is backed up first, so this restore can be undone by restoring that backup.</source>
        <translation>Der Arbeitsbereich wird zuerst in seinem jetzigen Zustand gesichert; diese Wiederherstellung lässt sich also rückgängig machen, indem Sie jene Sicherung wiederherstellen.</translation>
    </message>
    <message>
        <source>It was made by an earlier version of Compliance Desk and is updated as it is restored.</source>
        <translation>Sie wurde mit einer früheren Version von Compliance Desk erstellt und wird beim Wiederherstellen aktualisiert.</translation>
    </message>
    <message>
        <source>Whole copies of the workspace, each checked when it was made. One is made every day the app is first used, at every sign-off and before every update; the newest are kept, and those of sign-offs and updates always.</source>
        <translation>Vollständige Kopien des Arbeitsbereichs, jede bei ihrer Erstellung geprüft. Eine entsteht an jedem Tag beim ersten Start, bei jeder Freigabe und vor jedem Update; die neuesten werden aufbewahrt, die von Freigaben und Updates immer.</translation>
    </message>
    <message>
        <source>Backups</source>
        <translation>Sicherungen</translation>
    </message>
    <message>
        <source>Made</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Anlass</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>&amp;Back up now</source>
        <translation>Jetzt &amp;sichern</translation>
    </message>
    <message>
        <source>&amp;Restore…</source>
        <translation>&amp;Wiederherstellen…</translation>
    </message>
    <message>
        <source>No backups yet. Back up now makes one.</source>
        <translation>Noch keine Sicherungen. „Jetzt sichern“ erstellt eine.</translation>
    </message>
    <message>
        <source>No backup made</source>
        <translation>Keine Sicherung erstellt</translation>
    </message>
    <message>
        <source>Backed up and checked: %1 (%2).</source>
        <translation>Gesichert und geprüft: %1 (%2).</translation>
    </message>
    <message>
        <source>The backup lacks these evidence files, missing or altered in the data folder:</source>
        <translation>Der Sicherung fehlen diese Nachweisdateien, da sie im Datenordner fehlen oder verändert sind:</translation>
    </message>
    <message>
        <source>This backup can&apos;t be restored</source>
        <translation>Diese Sicherung kann nicht wiederhergestellt werden</translation>
    </message>
    <message>
        <source>Restore this backup?</source>
        <translation>Diese Sicherung wiederherstellen?</translation>
    </message>
    <message>
        <source>Nothing was restored</source>
        <translation>Nichts wurde wiederhergestellt</translation>
    </message>
    <message>
        <source>Restored the backup made %1.</source>
        <translation>Die Sicherung vom %1 wurde wiederhergestellt.</translation>
    </message>
    <message>
        <source>The workspace as it was is backed up as %1.</source>
        <translation>Der bisherige Arbeitsbereich ist als %1 gesichert.</translation>
    </message>
    <message>
        <source>The damaged workspace is kept as %1.</source>
        <translation>Der beschädigte Arbeitsbereich wird als %1 aufbewahrt.</translation>
    </message>
    <message>
        <source>%1 evidence files it names were in neither the data folder nor the backup; the history of the assessment they belong to names them.</source>
        <translation>Nachweisdateien, die sie nennt, aber weder im Datenordner noch in der Sicherung lagen: %1. Der Verlauf der Bewertung, zu der sie gehören, nennt sie.</translation>
    </message>
</context>
<context>
    <name>BundleFlow</name>
    <message>
        <source>Export a bundle</source>
        <translation>Paket exportieren</translation>
    </message>
    <message>
        <source>Compliance Desk bundles (*.cdesk)</source>
        <translation>Compliance-Desk-Pakete (*.cdesk)</translation>
    </message>
    <message>
        <source>Replace the file?</source>
        <translation>Datei ersetzen?</translation>
    </message>
    <message>
        <source>%1 already exists. Replace it?</source>
        <translation>%1 ist bereits vorhanden. Ersetzen?</translation>
    </message>
    <message>
        <source>Writing “%1” to %2…</source>
        <translation>„%1“ wird in %2 geschrieben…</translation>
    </message>
    <message>
        <source>Bundle of “%1” saved to %2</source>
        <translation>Paket von „%1“ in %2 gespeichert</translation>
    </message>
    <message>
        <source>It was written before it could be stopped: %1</source>
        <translation>Es wurde geschrieben, bevor es angehalten werden konnte: %1</translation>
    </message>
    <message>
        <source>Export stopped: no bundle was written.</source>
        <translation>Export abgebrochen: Es wurde kein Paket geschrieben.</translation>
    </message>
    <message>
        <source>Bundle not written</source>
        <translation>Paket nicht geschrieben</translation>
    </message>
    <message>
        <source>No bundle was written.</source>
        <translation>Es wurde kein Paket geschrieben.</translation>
    </message>
    <message>
        <source>Import a bundle</source>
        <translation>Paket importieren</translation>
    </message>
    <message>
        <source>Compliance Desk bundles (*.cdesk);;All files (*)</source>
        <translation>Compliance-Desk-Pakete (*.cdesk);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Checking %1…</source>
        <translation>%1 wird geprüft…</translation>
    </message>
    <message>
        <source>Import stopped: nothing was imported.</source>
        <translation>Import abgebrochen: Es wurde nichts importiert.</translation>
    </message>
    <message>
        <source>Importing %1…</source>
        <translation>%1 wird importiert…</translation>
    </message>
    <message>
        <source>Added “%1” (%2) from %3, with its history.</source>
        <translation>„%1“ (%2) aus %3 hinzugefügt, mit ihrem Verlauf.</translation>
    </message>
    <message>
        <source>Brought “%1” (%2) up to date from %3: %4.</source>
        <translation>„%1“ (%2) aus %3 auf den neuesten Stand gebracht: %4.</translation>
    </message>
    <message>
        <source>Merged %3 into “%1” (%2): %4.</source>
        <translation>%3 in „%1“ (%2) zusammengeführt: %4.</translation>
    </message>
    <message>
        <source>“%1” (%2) is up to date here: %3 holds nothing new.</source>
        <translation>„%1“ (%2) ist hier auf dem neuesten Stand: %3 enthält nichts Neues.</translation>
    </message>
    <message>
        <source>It was imported before it could be stopped: %1</source>
        <translation>Es wurde importiert, bevor es angehalten werden konnte: %1</translation>
    </message>
    <message>
        <source>1 new event</source>
        <translation>1 neues Ereignis</translation>
    </message>
    <message>
        <source>%1 new events</source>
        <translation>%1 neue Ereignisse</translation>
    </message>
    <message>
        <source>Bundle not imported</source>
        <translation>Paket nicht importiert</translation>
    </message>
    <message>
        <source>Nothing was imported.</source>
        <translation>Es wurde nichts importiert.</translation>
    </message>
    <message>
        <source>It failed unexpectedly; the details are in the log file.</source>
        <translation>Es ist unerwartet fehlgeschlagen; die Einzelheiten stehen in der Protokolldatei.</translation>
    </message>
</context>
<context>
    <name>BundlePreviewDialog</name>
    <message>
        <source>Import a bundle</source>
        <translation>Paket importieren</translation>
    </message>
    <message>
        <source>Bundle file</source>
        <translation>Paketdatei</translation>
    </message>
    <message>
        <source>✔ Every check passed: the archive, the manifest, the history&apos;s hash chain, the checklist copy, each sign-off and every evidence file.</source>
        <translation>✔ Alle Prüfungen bestanden: das Archiv, das Manifest, die Hash-Kette des Verlaufs, die Kopie der Prüfliste, jede Freigabe und jede Nachweisdatei.</translation>
    </message>
    <message>
        <source>Checks</source>
        <translation>Prüfungen</translation>
    </message>
    <message>
        <source>What the bundle holds</source>
        <translation>Was das Paket enthält</translation>
    </message>
    <message>
        <source>What importing does</source>
        <translation>Was der Import bewirkt</translation>
    </message>
    <message>
        <source>&amp;School:</source>
        <translation>&amp;Schule:</translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation>&amp;Importieren</translation>
    </message>
    <message>
        <source>Import the bundle</source>
        <translation>Das Paket importieren</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Cancel; nothing is imported</source>
        <translation>Abbrechen; nichts wird importiert</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Close; nothing is imported</source>
        <translation>Schließen; nichts wird importiert</translation>
    </message>
    <message>
        <source>Choose the school it is for.</source>
        <translation>Wählen Sie die Schule, für die sie ist.</translation>
    </message>
    <message>
        <source>%1 kB</source>
        <translation>%1 kB</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Keine</translation>
    </message>
    <message>
        <source>1 file (%2)</source>
        <translation>1 Datei (%2)</translation>
    </message>
    <message>
        <source>%1 files (%2)</source>
        <translation>%1 Dateien (%2)</translation>
    </message>
    <message>
        <source>1 new event</source>
        <translation>1 neues Ereignis</translation>
    </message>
    <message>
        <source>%1 new events</source>
        <translation>%1 neue Ereignisse</translation>
    </message>
    <message>
        <source>1 event</source>
        <translation>1 Ereignis</translation>
    </message>
    <message>
        <source>%1 events</source>
        <translation>%1 Ereignisse</translation>
    </message>
    <message>
        <source>%1 (%2), %3</source>
        <translation>%1 (%2), %3</translation>
    </message>
    <message>
        <source>(void: reopened since)</source>
        <translation>(ungültig: inzwischen wieder geöffnet)</translation>
    </message>
    <message>
        <source>Nobody yet</source>
        <translation>Noch niemand</translation>
    </message>
    <message>
        <source>Assessment:</source>
        <translation>Bewertung:</translation>
    </message>
    <message>
        <source>Organisation:</source>
        <translation>Organisation:</translation>
    </message>
    <message>
        <source>Assessor:</source>
        <translation>Bewerter/in:</translation>
    </message>
    <message>
        <source>Checklist:</source>
        <translation>Prüfliste:</translation>
    </message>
    <message>
        <source>%1 (%2, version %3)</source>
        <translation>%1 (%2, Version %3)</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>Status:</translation>
    </message>
    <message>
        <source>Progress:</source>
        <translation>Fortschritt:</translation>
    </message>
    <message>
        <source>%1 of %2 applicable items answered (%3 items)</source>
        <translation>%1 von %2 zutreffenden Punkten beantwortet (Punkte insgesamt: %3)</translation>
    </message>
    <message>
        <source>Actions:</source>
        <translation>Maßnahmen:</translation>
    </message>
    <message>
        <source>Evidence:</source>
        <translation>Nachweise:</translation>
    </message>
    <message>
        <source>History:</source>
        <translation>Verlauf:</translation>
    </message>
    <message>
        <source>Signed off by:</source>
        <translation>Freigegeben von:</translation>
    </message>
    <message>
        <source>Made:</source>
        <translation>Erstellt:</translation>
    </message>
    <message>
        <source>%1 with Compliance Desk %2 (bundle format %3)</source>
        <translation>%1 mit Compliance Desk %2 (Paketformat %3)</translation>
    </message>
    <message>
        <source>It can&apos;t be imported here: %1</source>
        <translation>Es kann hier nicht importiert werden: %1</translation>
    </message>
    <message>
        <source>Adds this assessment here, as it is: its id, its history (%1) and its sign-offs.</source>
        <translation>Fügt diese Bewertung hier so hinzu, wie sie ist: mit ihrer ID, ihrem Verlauf (%1) und ihren Freigaben.</translation>
    </message>
    <message>
        <source>Brings the copy here up to date: %1 from the bundle, with the answers, actions, evidence and sign-offs they lead to.</source>
        <translation>Bringt die Kopie hier auf den neuesten Stand: %1 aus dem Paket, mit den Antworten, Maßnahmen, Nachweisen und Freigaben, die daraus folgen.</translation>
    </message>
    <message>
        <source>Brings the bundle&apos;s changes together with this copy&apos;s: %1.</source>
        <translation>Führt die Änderungen des Pakets mit denen dieser Kopie zusammen: %1.</translation>
    </message>
    <message>
        <source>Nothing: this workspace already holds everything the bundle holds.</source>
        <translation>Nichts: Dieser Arbeitsbereich enthält bereits alles, was das Paket enthält.</translation>
    </message>
</context>
<context>
    <name>ChangesElsewhere</name>
    <message>
        <source>%1 changed this item elsewhere a moment ago: the answer is now %2 and the note is theirs. What you type in the note replaces it.</source>
        <translation>%1 hat diesen Punkt gerade an anderer Stelle geändert: Die Antwort ist jetzt %2, und die Notiz stammt von dort. Was Sie in die Notiz schreiben, ersetzt sie.</translation>
    </message>
</context>
<context>
    <name>ChecklistTreeModel</name>
    <message>
        <source>carried over</source>
        <translation>übernommen</translation>
    </message>
    <message>
        <source>question changed</source>
        <translation>Frage geändert</translation>
    </message>
    <message>
        <source>new item</source>
        <translation>neuer Punkt</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Punkt</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>Antwort</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>Gewichtung</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <source>Out of scope</source>
        <translation>Nicht im Geltungsbereich</translation>
    </message>
    <message>
        <source>Section %1, %2 of %3 answered</source>
        <translation>Abschnitt %1, %2 von %3 beantwortet</translation>
    </message>
    <message>
        <source>Not answered</source>
        <translation>Nicht beantwortet</translation>
    </message>
    <message>
        <source>Answered: %1</source>
        <translation>Beantwortet: %1</translation>
    </message>
    <message>
        <source>Severity: %1</source>
        <translation>Gewichtung: %1</translation>
    </message>
    <message>
        <source>section %1 of %2 answered</source>
        <translation>Abschnitt %1 von %2 beantwortet</translation>
    </message>
</context>
<context>
    <name>CompareDialog</name>
    <message>
        <source>Compare %1 with %2</source>
        <translation>%1 mit %2 vergleichen</translation>
    </message>
    <message>
        <source>Score %1 in “%2”, %3 in “%4”. %5 regressed, %6 improved, %7 unchanged, %8 new, %9 removed.</source>
        <translation>Ergebnis %1 in „%2“, %3 in „%4“. Verschlechtert: %5, verbessert: %6, unverändert: %7, neu: %8, entfernt: %9.</translation>
    </message>
    <message>
        <source>%1 with a changed question, to answer again.</source>
        <translation>Mit geänderter Frage, neu zu beantworten: %1.</translation>
    </message>
    <message>
        <source>%1 carried over and not yet confirmed.</source>
        <translation>Übernommen und noch nicht bestätigt: %1.</translation>
    </message>
    <message>
        <source>Out of scope: %1 (counted in neither assessment).</source>
        <translation>Außerhalb des Geltungsbereichs: %1 (in keiner der beiden Bewertungen gezählt).</translation>
    </message>
    <message>
        <source>Comparison summary</source>
        <translation>Zusammenfassung des Vergleichs</translation>
    </message>
    <message>
        <source>Scores by section</source>
        <translation>Ergebnisse nach Abschnitt</translation>
    </message>
    <message>
        <source>Section</source>
        <translation>Abschnitt</translation>
    </message>
    <message>
        <source>Then</source>
        <translation>Vorher</translation>
    </message>
    <message>
        <source>Now</source>
        <translation>Jetzt</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Anzeigen</translation>
    </message>
    <message>
        <source>Every item</source>
        <translation>Alle Punkte</translation>
    </message>
    <message>
        <source>Show:</source>
        <translation>Anzeigen:</translation>
    </message>
    <message>
        <source>Items compared</source>
        <translation>Verglichene Punkte</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Veränderung</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Punkt</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>Frage</translation>
    </message>
    <message>
        <source>Improved</source>
        <translation>Verbessert</translation>
    </message>
    <message>
        <source>Regressed</source>
        <translation>Verschlechtert</translation>
    </message>
    <message>
        <source>Unchanged</source>
        <translation>Unverändert</translation>
    </message>
    <message>
        <source>New</source>
        <translation>Neu</translation>
    </message>
    <message>
        <source>Removed</source>
        <translation>Entfernt</translation>
    </message>
    <message>
        <source>Carried over, not yet confirmed</source>
        <translation>Übernommen, noch nicht bestätigt</translation>
    </message>
    <message>
        <source>(question changed)</source>
        <translation>(Frage geändert)</translation>
    </message>
    <message>
        <source>Out of scope</source>
        <translation>Nicht im Geltungsbereich</translation>
    </message>
    <message>
        <source>Question changed, to answer again</source>
        <translation>Frage geändert, neu zu beantworten</translation>
    </message>
</context>
<context>
    <name>ConnectDialog</name>
    <message>
        <source>Connect to district workspace</source>
        <translation>Mit Bezirks-Arbeitsbereich verbinden</translation>
    </message>
    <message>
        <source>Open the district&apos;s shared workspace on its PostgreSQL server, with your own login. The district&apos;s IT gives you these details. This laptop&apos;s workspace stays as it is: File &gt; Use this laptop&apos;s workspace goes back to it.</source>
        <translation>Öffnet den gemeinsamen Arbeitsbereich des Bezirks auf seinem PostgreSQL-Server, mit Ihrer eigenen Anmeldung. Diese Angaben erhalten Sie von der IT des Bezirks. Der Arbeitsbereich dieses Laptops bleibt, wie er ist: Datei &gt; Arbeitsbereich dieses Laptops verwenden kehrt zu ihm zurück.</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <source>e.g. db.district.example, or a socket folder</source>
        <translation>z. B. db.bezirk.example oder ein Socket-Ordner</translation>
    </message>
    <message>
        <source>&amp;Server:</source>
        <translation>&amp;Server:</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <source>P&amp;ort:</source>
        <translation>P&amp;ort:</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>Datenbank</translation>
    </message>
    <message>
        <source>&amp;Database:</source>
        <translation>&amp;Datenbank:</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Benutzername</translation>
    </message>
    <message>
        <source>your own login, e.g. ada.lovelace</source>
        <translation>Ihre eigene Anmeldung, z. B. ada.lovelace</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>&amp;Benutzername:</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation>&amp;Passwort:</translation>
    </message>
    <message>
        <source>&amp;Remember password in the system keyring</source>
        <translation>Passwort im Schlüsselbund des Systems &amp;merken</translation>
    </message>
    <message>
        <source>No system keyring is available here, so the password will not be remembered: it is asked for each time you connect.</source>
        <translation>Hier ist kein Schlüsselbund des Systems verfügbar, daher wird das Passwort nicht gemerkt: Es wird bei jedem Verbinden erfragt.</translation>
    </message>
    <message>
        <source>&amp;Test connection</source>
        <translation>Verbindung &amp;testen</translation>
    </message>
    <message>
        <source>Connection test</source>
        <translation>Verbindungstest</translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation>&amp;Verbinden</translation>
    </message>
</context>
<context>
    <name>DateField</name>
    <message>
        <source>YYYY-MM-DD</source>
        <translation>JJJJ-MM-TT</translation>
    </message>
    <message>
        <source>Calendar…</source>
        <translation>Kalender…</translation>
    </message>
    <message>
        <source>Choose the date in a calendar</source>
        <translation>Das Datum in einem Kalender wählen</translation>
    </message>
</context>
<context>
    <name>DistrictActions</name>
    <message>
        <source>Connect to dis&amp;trict workspace…</source>
        <translation>Mit Bezirks-Arbeitsbereich &amp;verbinden…</translation>
    </message>
    <message>
        <source>Use this &amp;laptop&apos;s workspace</source>
        <translation>Arbeitsbereich dieses &amp;Laptops verwenden</translation>
    </message>
    <message>
        <source>Connected to the district workspace %1.</source>
        <translation>Mit dem Bezirks-Arbeitsbereich %1 verbunden.</translation>
    </message>
    <message>
        <source>The system keyring did not keep the password: it will be asked for next time.</source>
        <translation>Der Schlüsselbund des Systems hat das Passwort nicht gespeichert: Es wird beim nächsten Mal erfragt.</translation>
    </message>
    <message>
        <source>Workspace not changed</source>
        <translation>Arbeitsbereich nicht gewechselt</translation>
    </message>
    <message>
        <source>This laptop&apos;s workspace is open.</source>
        <translation>Der Arbeitsbereich dieses Laptops ist geöffnet.</translation>
    </message>
</context>
<context>
    <name>EditDetailsDialog</name>
    <message>
        <source>Edit organisation and scope</source>
        <translation>Organisation und Geltungsbereich bearbeiten</translation>
    </message>
    <message>
        <source>%1, on the checklist %2</source>
        <translation>%1, nach der Prüfliste %2</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>Organisation</translation>
    </message>
    <message>
        <source>Assessor</source>
        <translation>Bewerter/in</translation>
    </message>
    <message>
        <source>&amp;Organisation:</source>
        <translation>&amp;Organisation:</translation>
    </message>
    <message>
        <source>&amp;Assessor:</source>
        <translation>&amp;Bewerter/in:</translation>
    </message>
    <message>
        <source>What the scope changes</source>
        <translation>Was der Geltungsbereich ändert</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Speichern</translation>
    </message>
    <message>
        <source>With this scope %1 of %2 items apply (now %3).</source>
        <translation>Mit diesem Geltungsbereich treffen %1 von %2 Punkten zu (bisher %3).</translation>
    </message>
    <message numerus="yes">
        <source>%n answered item(s) leave the scope; their answers are kept and count again if the items come back in.</source>
        <translation>
            <numerusform>%n beantworteter Punkt fällt aus dem Geltungsbereich; seine Antwort bleibt erhalten und zählt wieder, wenn der Punkt zurückkommt.</numerusform>
            <numerusform>%n beantwortete Punkte fallen aus dem Geltungsbereich; ihre Antworten bleiben erhalten und zählen wieder, wenn die Punkte zurückkommen.</numerusform>
        </translation>
    </message>
    <message>
        <source>Name the organisation.</source>
        <translation>Nennen Sie die Organisation.</translation>
    </message>
</context>
<context>
    <name>EmptyBinDialog</name>
    <message>
        <source>Empty the recycle bin</source>
        <translation>Papierkorb leeren</translation>
    </message>
    <message>
        <source>Removes for good the assessments moved to the recycle bin more than the number of days below ago: their answers, actions, evidence and history. A backup of the whole workspace is made first.</source>
        <translation>Entfernt endgültig die Bewertungen, die vor mehr als der unten angegebenen Zahl von Tagen in den Papierkorb verschoben wurden: ihre Antworten, Maßnahmen, Nachweise und ihren Verlauf. Zuvor wird der ganze Arbeitsbereich gesichert.</translation>
    </message>
    <message>
        <source> days</source>
        <translation> Tage</translation>
    </message>
    <message>
        <source>Deleted more than this many days ago</source>
        <translation>Vor mehr als so vielen Tagen gelöscht</translation>
    </message>
    <message>
        <source>Deleted more &amp;than:</source>
        <translation>Gelöscht vor mehr &amp;als:</translation>
    </message>
    <message>
        <source>How many would be removed</source>
        <translation>Wie viele entfernt würden</translation>
    </message>
    <message>
        <source>&amp;Empty…</source>
        <translation>&amp;Leeren…</translation>
    </message>
    <message numerus="yes">
        <source>%n assessment would be removed for good.</source>
        <translation>
            <numerusform>%n Bewertung würde endgültig entfernt.</numerusform>
            <numerusform>%n Bewertungen würden endgültig entfernt.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n assessments would be removed for good.</source>
        <translation>
            <numerusform>%n Bewertung würde endgültig entfernt.</numerusform>
            <numerusform>%n Bewertungen würden endgültig entfernt.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>EvidenceTab</name>
    <message>
        <source>Evidence files</source>
        <translation>Nachweisdateien</translation>
    </message>
    <message>
        <source>&amp;Open file</source>
        <translation>Datei öffne&amp;n</translation>
    </message>
    <message>
        <source>&amp;Save a copy…</source>
        <translation>Kopie s&amp;peichern…</translation>
    </message>
    <message>
        <source>&amp;Remove…</source>
        <translation>Entfe&amp;rnen…</translation>
    </message>
    <message>
        <source>Applies on</source>
        <translation>Stand vom</translation>
    </message>
    <message>
        <source>The date the next file attached shows the state of things (default today)</source>
        <translation>Das Datum, dessen Stand die nächste angehängte Datei zeigt (vorgegeben: heute)</translation>
    </message>
    <message>
        <source>Valid until</source>
        <translation>Gültig bis</translation>
    </message>
    <message>
        <source>YYYY-MM-DD, or empty: no end</source>
        <translation>JJJJ-MM-TT, oder leer: unbefristet</translation>
    </message>
    <message>
        <source>The last day the next file attached counts as current (empty: no end)</source>
        <translation>Der letzte Tag, an dem die nächste angehängte Datei als aktuell gilt (leer: unbefristet)</translation>
    </message>
    <message>
        <source>Appl&amp;ies on:</source>
        <translation>Stand &amp;vom:</translation>
    </message>
    <message>
        <source>A&amp;ttach file…</source>
        <translation>Anhäng&amp;en…</translation>
    </message>
    <message>
        <source>Attach a file as evidence</source>
        <translation>Datei als Nachweis anhängen</translation>
    </message>
    <message>
        <source>Open fi&amp;le</source>
        <translation>&amp;Öffnen</translation>
    </message>
    <message>
        <source>Open the selected evidence file</source>
        <translation>Die ausgewählte Nachweisdatei öffnen</translation>
    </message>
    <message>
        <source>Vali&amp;d until:</source>
        <translation>Gültig b&amp;is:</translation>
    </message>
    <message>
        <source>Save a copy…</source>
        <translation>Kopie speichern…</translation>
    </message>
    <message>
        <source>Save a copy of the selected evidence file</source>
        <translation>Kopie der gewählten Nachweisdatei speichern</translation>
    </message>
    <message>
        <source>Save a checked copy of the file elsewhere (Ctrl+S)</source>
        <translation>Eine geprüfte Kopie der Datei anderswo speichern (Strg+S)</translation>
    </message>
    <message>
        <source>Re&amp;move…</source>
        <translation>Na&amp;chweis lösen…</translation>
    </message>
    <message>
        <source>Remove the selected evidence file</source>
        <translation>Die ausgewählte Nachweisdatei entfernen</translation>
    </message>
    <message>
        <source>%1 KB</source>
        <translation>%1 KB</translation>
    </message>
    <message>
        <source>%1 B</source>
        <translation>%1 B</translation>
    </message>
    <message>
        <source>%1 (%2) · added by %3 on %4</source>
        <translation>%1 (%2) · hinzugefügt von %3 am %4</translation>
    </message>
    <message>
        <source>applies on %1</source>
        <translation>Stand vom %1</translation>
    </message>
    <message>
        <source>valid until %1</source>
        <translation>gültig bis %1</translation>
    </message>
    <message>
        <source>EXPIRED</source>
        <translation>ABGELAUFEN</translation>
    </message>
    <message>
        <source>carried over</source>
        <translation>übernommen</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export</source>
        <translation>Exportieren</translation>
    </message>
    <message>
        <source>What do you want to save?</source>
        <translation>Was möchten Sie speichern?</translation>
    </message>
    <message>
        <source>&amp;PDF report — the record, signed when you choose</source>
        <translation>&amp;PDF-Bericht – das maßgebliche Dokument, auf Wunsch signiert</translation>
    </message>
    <message>
        <source>PDF report</source>
        <translation>PDF-Bericht</translation>
    </message>
    <message>
        <source>E&amp;xcel workbook — answers, actions and evidence to sort and filter</source>
        <translation>E&amp;xcel-Arbeitsmappe – Antworten, Maßnahmen und Nachweise zum Sortieren und Filtern</translation>
    </message>
    <message>
        <source>Excel workbook, a working copy</source>
        <translation>Excel-Arbeitsmappe, eine Arbeitskopie</translation>
    </message>
    <message>
        <source>&amp;CSV files — the answers, and the actions in a second file</source>
        <translation>&amp;CSV-Dateien – die Antworten und, in einer zweiten Datei, die Maßnahmen</translation>
    </message>
    <message>
        <source>CSV files, a working copy</source>
        <translation>CSV-Dateien, eine Arbeitskopie</translation>
    </message>
    <message>
        <source>&amp;Word document — the report&apos;s content to edit</source>
        <translation>&amp;Word-Dokument – der Inhalt des Berichts zum Bearbeiten</translation>
    </message>
    <message>
        <source>Word document, a working copy</source>
        <translation>Word-Dokument, eine Arbeitskopie</translation>
    </message>
    <message>
        <source>Excel, CSV and Word files are working copies: each says it is not the signed record and gives the assessment&apos;s fingerprint, so it can be matched to the PDF.</source>
        <translation>Excel-, CSV- und Word-Dateien sind Arbeitskopien: Jede sagt, dass sie nicht das signierte Dokument ist, und nennt den Fingerabdruck der Bewertung, sodass sie dem PDF zugeordnet werden kann.</translation>
    </message>
    <message>
        <source>This assessment is a draft: every copy says so.</source>
        <translation>Diese Bewertung ist ein Entwurf: Jede Kopie weist darauf hin.</translation>
    </message>
    <message>
        <source>About working copies</source>
        <translation>Über Arbeitskopien</translation>
    </message>
    <message>
        <source>Choose where to &amp;save…</source>
        <translation>&amp;Speicherort wählen…</translation>
    </message>
    <message>
        <source>Choose where to save the export</source>
        <translation>Wählen, wo der Export gespeichert wird</translation>
    </message>
</context>
<context>
    <name>FileChecks</name>
    <message>
        <source>Import a checklist</source>
        <translation>Prüfliste importieren</translation>
    </message>
    <message>
        <source>Checklists (*.yaml *.yml);;All files (*)</source>
        <translation>Prüflisten (*.yaml *.yml);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Checklist not imported</source>
        <translation>Prüfliste nicht importiert</translation>
    </message>
    <message>
        <source>%1 %2 is already in your library.</source>
        <translation>%1 %2 ist bereits in Ihrer Bibliothek.</translation>
    </message>
    <message>
        <source>Imported %1, version %2 (%3 items) into this laptop&apos;s library. Your login starts no assessment here; it is ready for new assessments in this laptop&apos;s workspace (File &gt; Use this laptop&apos;s workspace).</source>
        <translation>%1, Version %2, in die Bibliothek dieses Laptops importiert (Punkte: %3). Ihre Anmeldung beginnt hier keine Bewertung; die Checkliste steht für neue Bewertungen im Arbeitsbereich dieses Laptops bereit (Datei &gt; Arbeitsbereich dieses Laptops verwenden).</translation>
    </message>
    <message>
        <source>Imported %1, version %2 (%3 items). It is ready for new assessments.</source>
        <translation>%1, Version %2, importiert (Punkte: %3). Sie steht für neue Bewertungen bereit.</translation>
    </message>
    <message>
        <source>Worth a look:</source>
        <translation>Hinweise:</translation>
    </message>
    <message>
        <source>Checklist imported</source>
        <translation>Prüfliste importiert</translation>
    </message>
    <message>
        <source>Verify a report</source>
        <translation>Bericht prüfen</translation>
    </message>
    <message>
        <source>PDF files (*.pdf);;All files (*)</source>
        <translation>PDF-Dateien (*.pdf);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Report not verified</source>
        <translation>Bericht nicht geprüft</translation>
    </message>
</context>
<context>
    <name>GuideDialog</name>
    <message>
        <source>How an assessment works</source>
        <translation>So funktioniert eine Bewertung</translation>
    </message>
    <message>
        <source>Scope</source>
        <translation>Geltungsbereich</translation>
    </message>
    <message>
        <source>A new assessment starts from a checklist and a few scope questions: which platform, whether children take part, whether meetings are recorded. The answers decide which items apply; the others are shown greyed and do not count. While the assessment is a draft its scope can still be changed; answers of items that drop out are kept, in case they come back.</source>
        <translation>Eine neue Bewertung beginnt mit einer Prüfliste und ein paar Fragen zum Geltungsbereich: welche Plattform, ob Kinder teilnehmen, ob Sitzungen aufgezeichnet werden. Die Antworten entscheiden, welche Punkte zutreffen; die übrigen werden grau angezeigt und zählen nicht. Solange die Bewertung ein Entwurf ist, lässt sich ihr Geltungsbereich noch ändern; die Antworten von Punkten, die herausfallen, bleiben erhalten, falls sie zurückkommen.</translation>
    </message>
    <message>
        <source>Answering</source>
        <translation>Beantworten</translation>
    </message>
    <message>
        <source>Each item asks one question and says how to check it. Answer Yes, Partial, No or Not applicable with the buttons or Ctrl+1 to Ctrl+4. Every answer is saved the moment it is given; there is no Save button. The score weighs items by severity (high 3, medium 2, low 1) and counts Yes as 1, Partial as a half and No as 0; Not applicable and unanswered items are left out. Until every item is answered the score says how much it rests on.</source>
        <translation>Jeder Punkt stellt eine Frage und sagt, wie sie sich prüfen lässt. Antworten Sie mit Ja, Teilweise, Nein oder Nicht zutreffend über die Schaltflächen oder mit Strg+1 bis Strg+4. Jede Antwort wird in dem Moment gespeichert, in dem sie gegeben wird; eine Schaltfläche zum Speichern gibt es nicht. Das Ergebnis gewichtet die Punkte nach ihrer Gewichtung (hoch 3, mittel 2, niedrig 1) und zählt Ja als 1, Teilweise als die Hälfte und Nein als 0; „Nicht zutreffend“ und unbeantwortete Punkte bleiben außen vor. Solange nicht jeder Punkt beantwortet ist, sagt das Ergebnis, worauf es beruht.</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notizen</translation>
    </message>
    <message>
        <source>The note under the answers says what you found and where. Not applicable always needs a note saying why, and a gap you decide to live with needs a note accepting the risk. Notes are saved as you type.</source>
        <translation>Die Notiz unter den Antworten hält fest, was Sie wo vorgefunden haben. „Nicht zutreffend“ braucht immer eine Notiz mit der Begründung, und eine Lücke, mit der Sie leben wollen, braucht eine Notiz, die das Risiko akzeptiert. Notizen werden beim Tippen gespeichert.</translation>
    </message>
    <message>
        <source>Actions</source>
        <translation>Maßnahmen</translation>
    </message>
    <message>
        <source>A No or Partial is a gap. Plan its fix as an action: what will be done, who does it and by when. Actions stay open, in progress or done; an action past its due date is marked overdue. View &gt; Open actions lists them across every assessment.</source>
        <translation>Ein Nein oder Teilweise ist eine Lücke. Planen Sie ihre Behebung als Maßnahme: was getan wird, wer es erledigt und bis wann. Maßnahmen sind offen, in Arbeit oder erledigt; eine Maßnahme nach ihrem Fälligkeitsdatum wird als überfällig markiert. Ansicht &gt; Offene Maßnahmen listet sie über alle Bewertungen hinweg auf.</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>Nachweise</translation>
    </message>
    <message>
        <source>Attach files that back an answer: a screenshot of a setting, a contract, a policy. Each is copied into the workspace with its name, size and fingerprint, so a file changed later shows as damaged. Removing one asks for a reason, which is recorded.</source>
        <translation>Hängen Sie Dateien an, die eine Antwort belegen: einen Screenshot einer Einstellung, einen Vertrag, eine Richtlinie. Jede wird mit Name, Größe und Fingerabdruck in den Arbeitsbereich kopiert, sodass eine später veränderte Datei als beschädigt erscheint. Wer eine entfernt, wird nach dem Grund gefragt, und dieser wird festgehalten.</translation>
    </message>
    <message>
        <source>The gate</source>
        <translation>Die Freigabeprüfung</translation>
    </message>
    <message>
        <source>Before anyone can sign off, the gate lists what still stands in the way: unanswered items, Not applicable without a reason, gaps with neither an open action (with an owner and a due date) nor a note accepting the risk, answers carried over from the last review and not yet confirmed, damaged evidence, or a history that no longer checks out. Each entry takes you to its item.</source>
        <translation>Bevor jemand freigeben kann, listet die Freigabeprüfung auf, was noch im Weg steht: unbeantwortete Punkte, „Nicht zutreffend“ ohne Begründung, Lücken ohne offene Maßnahme (mit Verantwortlichen und Fälligkeit) und ohne Notiz, die das Risiko akzeptiert, aus der letzten Überprüfung übernommene und noch nicht bestätigte Antworten, beschädigte Nachweise oder ein Verlauf, der die Prüfung nicht mehr besteht. Jeder Eintrag führt Sie zu seinem Punkt.</translation>
    </message>
    <message>
        <source>Export the report (Ctrl+E) as a PDF or print it (Ctrl+P): a summary with the score and how it was worked out, the gaps worst first, the action plan, every item with its answer and note, and the sign-off page. A draft says DRAFT on every page. A signed-off assessment&apos;s report can carry digital signatures, which File &gt; Verify a report checks; each person who signs needs a signing identity first, made in Edit &gt; Signing identities. Export also makes working copies to edit: an Excel workbook, CSV files or a Word document, each marked as not the signed record.</source>
        <translation>Exportieren Sie den Bericht (Strg+E) als PDF oder drucken Sie ihn (Strg+P): eine Zusammenfassung mit dem Ergebnis und wie es zustande kam, die Lücken, die schwersten zuerst, den Maßnahmenplan, jeden Punkt mit Antwort und Notiz sowie die Freigabeseite. Ein Entwurf trägt auf jeder Seite den Vermerk ENTWURF. Der Bericht einer freigegebenen Bewertung kann digitale Signaturen tragen, die Datei &gt; Bericht prüfen kontrolliert; wer signiert, braucht zuerst eine Signaturidentität, angelegt unter Bearbeiten &gt; Signaturidentitäten. Der Export erstellt auch Arbeitskopien zum Bearbeiten: eine Excel-Arbeitsmappe, CSV-Dateien oder ein Word-Dokument, jeweils als nicht signiertes Dokument gekennzeichnet.</translation>
    </message>
    <message>
        <source>Sign-off</source>
        <translation>Freigabe</translation>
    </message>
    <message>
        <source>When the gate is clear, the reviewer (usually the data protection officer) signs off with their name, role and a statement. The sign-off seals the answers, notes and plan as they are. Work on the actions goes on afterwards: their progress can still be recorded. If the reviewer is also the assessor, the app asks them to confirm it, and the report says so.</source>
        <translation>Steht der Freigabe nichts mehr im Weg, gibt die prüfende Person (meist die oder der Datenschutzbeauftragte) mit Name, Funktion und einer Erklärung frei. Die Freigabe versiegelt Antworten, Notizen und Plan so, wie sie sind. Die Arbeit an den Maßnahmen geht danach weiter: Ihr Fortschritt kann weiterhin festgehalten werden. Ist die freigebende Person zugleich die bewertende, bittet die App um eine Bestätigung, und der Bericht vermerkt es.</translation>
    </message>
    <message>
        <source>Reopen</source>
        <translation>Wieder öffnen</translation>
    </message>
    <message>
        <source>To change anything that was sealed, reopen the assessment and give a reason. The old sign-off stays on record, marked void, and a new sign-off is needed at the end.</source>
        <translation>Um etwas Versiegeltes zu ändern, öffnen Sie die Bewertung mit einer Begründung wieder. Die alte Freigabe bleibt, als ungültig markiert, aktenkundig, und am Ende ist eine neue Freigabe nötig.</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>Berichte</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <source>Every change is recorded with who made it and when (Ctrl+H shows it). The records are chained together, so one edited or deleted behind the app&apos;s back shows.</source>
        <translation>Jede Änderung wird mit Person und Zeitpunkt festgehalten (Strg+H zeigt sie an). Die Einträge sind miteinander verkettet, sodass auffällt, wenn einer an der App vorbei geändert oder gelöscht wurde.</translation>
    </message>
    <message>
        <source>The next review</source>
        <translation>Die Folgeprüfung</translation>
    </message>
    <message>
        <source>A year on, Start next review… in a signed-off assessment starts the next cycle&apos;s draft, on the newest version of its checklist. Answers to unchanged questions come with their notes and evidence, marked carried over until someone confirms them (Ctrl+K, or the same answer again) or changes them; changed and new questions start unanswered. Ctrl+U goes to the next item still to answer, then to the next answer still to confirm. Compare with last review shows what improved and what regressed. Evidence can say until when it is valid: expired files are listed by the gate and marked in the report.</source>
        <translation>Ein Jahr später beginnt „Folgeprüfung beginnen…“ in einer freigegebenen Bewertung den Entwurf des nächsten Durchgangs, auf der neuesten Version ihrer Prüfliste. Antworten auf unveränderte Fragen kommen mit ihren Notizen und Nachweisen mit, als übernommen markiert, bis jemand sie bestätigt (Strg+K oder dieselbe Antwort noch einmal) oder ändert; geänderte und neue Fragen beginnen unbeantwortet. Strg+U geht zum nächsten noch zu beantwortenden Punkt, danach zur nächsten noch zu bestätigenden Antwort. „Mit letzter Überprüfung vergleichen“ zeigt, was besser und was schlechter wurde. Nachweise können sagen, bis wann sie gelten: abgelaufene Dateien listet die Freigabeprüfung auf, und der Bericht kennzeichnet sie.</translation>
    </message>
    <message>
        <source>Nothing is lost</source>
        <translation>Nichts geht verloren</translation>
    </message>
    <message>
        <source>The whole workspace is backed up every day it is used and at every sign-off; File &gt; Backups makes one now or restores one, after backing up what is there. Deleting a draft moves it to File &gt; Recycle bin, from which it can be restored. Ctrl+Z takes back the last answer or note.</source>
        <translation>Der ganze Arbeitsbereich wird an jedem Tag, an dem er benutzt wird, und bei jeder Freigabe gesichert; Datei &gt; Sicherungen legt jetzt eine an oder stellt eine wieder her, nachdem der jetzige Stand gesichert wurde. Ein gelöschter Entwurf kommt in Datei &gt; Papierkorb und lässt sich von dort wiederherstellen. Strg+Z nimmt die letzte Antwort oder Notiz zurück.</translation>
    </message>
    <message>
        <source>An assessment takes one checklist through to a signed-off report. This is the whole path.</source>
        <translation>Eine Bewertung führt eine Prüfliste bis zum freigegebenen Bericht. Dies ist der ganze Weg.</translation>
    </message>
</context>
<context>
    <name>HistoryDialog</name>
    <message>
        <source>History of %1</source>
        <translation>Verlauf von %1</translation>
    </message>
    <message>
        <source>Audit trail check</source>
        <translation>Prüfung des Änderungsprotokolls</translation>
    </message>
    <message numerus="yes">
        <source>The audit trail is intact: %n event(s), each linked to the one before it.</source>
        <translation>
            <numerusform>Das Änderungsprotokoll ist unversehrt: %n Ereignis, der Anfang der Kette.</numerusform>
            <numerusform>Das Änderungsprotokoll ist unversehrt: %n Ereignisse, jedes mit dem vorigen verknüpft.</numerusform>
        </translation>
    </message>
    <message>
        <source>… and %1 more.</source>
        <translation>… und %1 weitere.</translation>
    </message>
    <message>
        <source>The workspace was changed outside Compliance Desk; what its history records can&apos;t be trusted as it stands:</source>
        <translation>Der Arbeitsbereich wurde außerhalb von Compliance Desk geändert; dem, was sein Verlauf festhält, ist in diesem Zustand nicht zu trauen:</translation>
    </message>
    <message>
        <source>Audit trail</source>
        <translation>Änderungsprotokoll</translation>
    </message>
    <message>
        <source>#</source>
        <translation>Nr.</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Wann</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Wer</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Was</translation>
    </message>
</context>
<context>
    <name>IdentitiesDialog</name>
    <message>
        <source>An identity is a person&apos;s key, kept here under their passphrase, and a certificate. Reports of signed-off assessments can be signed with them; give a certificate to whoever must check the reports elsewhere.</source>
        <translation>Eine Identität besteht aus dem Schlüssel einer Person, hier unter ihrer Passphrase verwahrt, und einem Zertifikat. Berichte freigegebener Bewertungen können damit signiert werden; geben Sie ein Zertifikat an alle weiter, die die Berichte anderswo prüfen müssen.</translation>
    </message>
    <message>
        <source>Signing identities</source>
        <translation>Signaturidentitäten</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Funktion</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Herkunft</translation>
    </message>
    <message>
        <source>Valid until</source>
        <translation>Gültig bis</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>&amp;New identity…</source>
        <translation>&amp;Neue Identität…</translation>
    </message>
    <message>
        <source>&amp;Import .p12…</source>
        <translation>.p12 &amp;importieren…</translation>
    </message>
    <message>
        <source>&amp;Export certificate…</source>
        <translation>Zertifikat &amp;exportieren…</translation>
    </message>
    <message>
        <source>%1 (expired)</source>
        <translation>%1 (abgelaufen)</translation>
    </message>
    <message>
        <source>imported</source>
        <translation>importiert</translation>
    </message>
    <message>
        <source>local</source>
        <translation>lokal</translation>
    </message>
    <message>
        <source>No identities yet. New identity makes one for a person in this workspace.</source>
        <translation>Noch keine Identitäten. „Neue Identität“ erstellt eine für eine Person in diesem Arbeitsbereich.</translation>
    </message>
    <message>
        <source>Made %1 (%2), valid until %3.</source>
        <translation>Erstellt am %1 (%2), gültig bis %3.</translation>
    </message>
    <message>
        <source>Import a signing identity</source>
        <translation>Signaturidentität importieren</translation>
    </message>
    <message>
        <source>PKCS#12 files (*.p12 *.pfx);;All files (*)</source>
        <translation>PKCS#12-Dateien (*.p12 *.pfx);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Export the certificate</source>
        <translation>Zertifikat exportieren</translation>
    </message>
    <message>
        <source>Certificates (*.pem)</source>
        <translation>Zertifikate (*.pem)</translation>
    </message>
    <message>
        <source>Certificate not written</source>
        <translation>Zertifikat nicht geschrieben</translation>
    </message>
    <message>
        <source>Wrote the certificate of %1 and its issuer to %2. Whoever trusts it can verify reports signed by anyone in this workspace.</source>
        <translation>Das Zertifikat von %1 und das seines Ausstellers wurden in %2 geschrieben. Wer ihm vertraut, kann Berichte prüfen, die jemand in diesem Arbeitsbereich signiert hat.</translation>
    </message>
</context>
<context>
    <name>ImportIdentityDialog</name>
    <message>
        <source>Import a signing identity</source>
        <translation>Signaturidentität importieren</translation>
    </message>
    <message>
        <source>From %1</source>
        <translation>Aus %1</translation>
    </message>
    <message>
        <source>Passphrase of the file</source>
        <translation>Passphrase der Datei</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Funktion</translation>
    </message>
    <message>
        <source>As the certificate says</source>
        <translation>Wie im Zertifikat angegeben</translation>
    </message>
    <message>
        <source>New passphrase</source>
        <translation>Neue Passphrase</translation>
    </message>
    <message>
        <source>New passphrase again</source>
        <translation>Neue Passphrase wiederholen</translation>
    </message>
    <message>
        <source>File&apos;s &amp;passphrase:</source>
        <translation>&amp;Passphrase der Datei:</translation>
    </message>
    <message>
        <source>&amp;Role:</source>
        <translation>&amp;Funktion:</translation>
    </message>
    <message>
        <source>&amp;Keep it with:</source>
        <translation>&amp;Verwahren mit:</translation>
    </message>
    <message>
        <source>&amp;Again:</source>
        <translation>&amp;Wiederholen:</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Importieren</translation>
    </message>
    <message>
        <source>The two passphrases differ; type the same one twice.</source>
        <translation>Die beiden Passphrasen unterscheiden sich; geben Sie zweimal dieselbe ein.</translation>
    </message>
</context>
<context>
    <name>ImportProblemsDialog</name>
    <message>
        <source>Checklist not imported</source>
        <translation>Prüfliste nicht importiert</translation>
    </message>
    <message>
        <source>%1 can&apos;t be imported. Problems found: %2. Nothing was changed.</source>
        <translation>%1 kann nicht importiert werden. Gefundene Probleme: %2. Es wurde nichts geändert.</translation>
    </message>
    <message>
        <source>Problems found</source>
        <translation>Gefundene Probleme</translation>
    </message>
</context>
<context>
    <name>ItemAbout</name>
    <message>
        <source>How to check</source>
        <translation>So wird geprüft</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>Gewichtung</translation>
    </message>
    <message>
        <source>What it costs</source>
        <translation>Aufwand</translation>
    </message>
    <message>
        <source>Evidence to keep</source>
        <translation>Aufzubewahrende Nachweise</translation>
    </message>
    <message>
        <source>Sources</source>
        <translation>Quellen</translation>
    </message>
    <message>
        <source>%1 (weight %2)</source>
        <translation>%1 (Gewicht %2)</translation>
    </message>
</context>
<context>
    <name>ItemNavigator</name>
    <message>
        <source>Show</source>
        <translation>Anzeigen</translation>
    </message>
    <message>
        <source>All items</source>
        <translation>Alle Punkte</translation>
    </message>
    <message>
        <source>Unanswered</source>
        <translation>Unbeantwortet</translation>
    </message>
    <message>
        <source>Gaps (no or partial)</source>
        <translation>Lücken (Nein oder Teilweise)</translation>
    </message>
    <message>
        <source>Out of scope</source>
        <translation>Nicht im Geltungsbereich</translation>
    </message>
    <message>
        <source>Carried over, to confirm</source>
        <translation>Übernommen, zu bestätigen</translation>
    </message>
    <message>
        <source>Changed or new since the last review</source>
        <translation>Geändert oder neu seit der letzten Überprüfung</translation>
    </message>
    <message>
        <source>Search items and notes (Ctrl+F)</source>
        <translation>Punkte und Notizen durchsuchen (Strg+F)</translation>
    </message>
    <message>
        <source>Search items</source>
        <translation>Punkte durchsuchen</translation>
    </message>
    <message>
        <source>Next &amp;unanswered</source>
        <translation>Nächster &amp;unbeantworteter</translation>
    </message>
    <message>
        <source>Go to the next unanswered item</source>
        <translation>Zum nächsten unbeantworteten Punkt gehen</translation>
    </message>
    <message>
        <source>Go to the next unanswered item (Ctrl+U)</source>
        <translation>Zum nächsten unbeantworteten Punkt gehen (Strg+U)</translation>
    </message>
    <message>
        <source>Checklist items</source>
        <translation>Punkte der Prüfliste</translation>
    </message>
    <message>
        <source>Every applicable item is answered.</source>
        <translation>Jeder zutreffende Punkt ist beantwortet.</translation>
    </message>
    <message>
        <source>No item is unanswered; this answer, carried over from the last review, awaits confirmation (Ctrl+K).</source>
        <translation>Kein Punkt ist unbeantwortet; diese aus der letzten Überprüfung übernommene Antwort wartet auf Bestätigung (Strg+K).</translation>
    </message>
</context>
<context>
    <name>ItemPanel</name>
    <message>
        <source>Question</source>
        <translation>Frage</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
    <message>
        <source>N&amp;ote (saved as you type)</source>
        <translation>N&amp;otiz (wird beim Tippen gespeichert)</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Notiz</translation>
    </message>
    <message>
        <source>What you checked, where, and anything that explains the answer</source>
        <translation>Was Sie wo geprüft haben, und alles, was die Antwort erklärt</translation>
    </message>
    <message>
        <source>Why this item does not apply here (sign-off needs it)</source>
        <translation>Warum dieser Punkt hier nicht zutrifft (für die Freigabe nötig)</translation>
    </message>
    <message>
        <source>Risk accepted</source>
        <translation>Risiko akzeptiert</translation>
    </message>
    <message>
        <source>the note says why this gap is acceptable</source>
        <translation>Die Notiz sagt, warum diese Lücke hinnehmbar ist.</translation>
    </message>
    <message>
        <source>Sign-off needs every &apos;no&apos; or &apos;partial&apos; answer to have an open action, or its risk accepted with a note saying why</source>
        <translation>Für die Freigabe braucht jede Antwort „Nein“ oder „Teilweise“ eine offene Maßnahme oder ein mit einer begründenden Notiz akzeptiertes Risiko</translation>
    </message>
    <message>
        <source>About the item, its evidence and its actions</source>
        <translation>Über den Punkt, seine Nachweise und seine Maßnahmen</translation>
    </message>
    <message>
        <source>About this item</source>
        <translation>Über diesen Punkt</translation>
    </message>
    <message>
        <source>A&amp;bout this item</source>
        <translation>Über diesen &amp;Punkt</translation>
    </message>
    <message>
        <source>Evidence (%1)</source>
        <translation>Nachweise (%1)</translation>
    </message>
    <message>
        <source>Actions (%1)</source>
        <translation>Maßnahmen (%1)</translation>
    </message>
    <message>
        <source>Ris&amp;k accepted</source>
        <translation>&amp;Risiko akzeptiert</translation>
    </message>
    <message>
        <source>Choose an item on the left to answer it.</source>
        <translation>Wählen Sie links einen Punkt, um ihn zu beantworten.</translation>
    </message>
    <message>
        <source>Out of scope for this assessment, so it takes no answer: %1.</source>
        <translation>Außerhalb des Geltungsbereichs dieser Bewertung, daher keine Antwort nötig: %1.</translation>
    </message>
    <message>
        <source>Not applicable recorded. Say in the note why it does not apply here.</source>
        <translation>„Nicht zutreffend“ festgehalten. Begründen Sie in der Notiz, warum der Punkt hier nicht zutrifft.</translation>
    </message>
</context>
<context>
    <name>ListCommands</name>
    <message>
        <source>&amp;Open</source>
        <translation>&amp;Öffnen</translation>
    </message>
    <message>
        <source>&amp;Rename…</source>
        <translation>&amp;Umbenennen…</translation>
    </message>
    <message>
        <source>&amp;Edit organisation and scope…</source>
        <translation>Organisation und Geltungsbereich &amp;bearbeiten…</translation>
    </message>
    <message>
        <source>&amp;Duplicate…</source>
        <translation>&amp;Duplizieren…</translation>
    </message>
    <message>
        <source>Start ne&amp;xt review…</source>
        <translation>&amp;Folgeprüfung beginnen…</translation>
    </message>
    <message>
        <source>&amp;Move to recycle bin…</source>
        <translation>In den &amp;Papierkorb verschieben…</translation>
    </message>
    <message>
        <source>&amp;Undo delete</source>
        <translation>Löschen &amp;rückgängig machen</translation>
    </message>
    <message>
        <source>Signed off: reopen it (with a reason) to change this.</source>
        <translation>Freigegeben: Öffnen Sie sie (mit Begründung) wieder, um dies zu ändern.</translation>
    </message>
    <message>
        <source>The next cycle&apos;s assessment, started from this one</source>
        <translation>Die Bewertung des nächsten Durchgangs, ausgehend von dieser</translation>
    </message>
    <message>
        <source>A next review starts from a signed-off assessment.</source>
        <translation>Eine Folgeprüfung geht von einer freigegebenen Bewertung aus.</translation>
    </message>
    <message>
        <source>Rename assessment</source>
        <translation>Bewertung umbenennen</translation>
    </message>
    <message>
        <source>The new title shows in the list, the window and the report; the change is recorded in the assessment&apos;s history.</source>
        <translation>Der neue Titel erscheint in der Liste, im Fenster und im Bericht; die Änderung wird im Verlauf der Bewertung festgehalten.</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>Umbenennen</translation>
    </message>
    <message>
        <source>Duplicate assessment</source>
        <translation>Bewertung duplizieren</translation>
    </message>
    <message>
        <source>Makes a new draft on the same checklist with the same scope, answers, notes and accepted risks, to start the next review from. Actions, evidence and sign-offs stay with the original.</source>
        <translation>Erstellt einen neuen Entwurf nach derselben Prüfliste mit demselben Geltungsbereich, denselben Antworten, Notizen und akzeptierten Risiken als Ausgangspunkt für die nächste Überprüfung. Maßnahmen, Nachweise und Freigaben bleiben beim Original.</translation>
    </message>
    <message>
        <source>%1 (copy)</source>
        <translation>%1 (Kopie)</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>Duplizieren</translation>
    </message>
    <message>
        <source>Can&apos;t edit the assessment</source>
        <translation>Die Bewertung kann nicht bearbeitet werden</translation>
    </message>
    <message>
        <source>Not deleted</source>
        <translation>Nicht gelöscht</translation>
    </message>
    <message>
        <source>“%1” is signed off, so it can&apos;t be deleted. Open it and reopen it first (Reopen…, with a reason, on record), then delete it.</source>
        <translation>„%1“ ist freigegeben und kann daher nicht gelöscht werden. Öffnen Sie sie zuerst und öffnen Sie sie dann wieder (Wieder öffnen…, mit Begründung, aktenkundig); danach lässt sie sich löschen.</translation>
    </message>
    <message>
        <source>Move to the recycle bin</source>
        <translation>In den Papierkorb verschieben</translation>
    </message>
    <message>
        <source>“%1” leaves the list and goes to the recycle bin (File &gt; Recycle bin), whole, with its history; it can be restored from there. Why is it being deleted?</source>
        <translation>„%1“ verschwindet aus der Liste und kommt vollständig, mit ihrem Verlauf, in den Papierkorb (Datei &gt; Papierkorb); dort lässt sie sich wiederherstellen. Warum wird sie gelöscht?</translation>
    </message>
    <message>
        <source>Move to recycle bin</source>
        <translation>In den Papierkorb verschieben</translation>
    </message>
    <message>
        <source>Not restored</source>
        <translation>Nicht wiederhergestellt</translation>
    </message>
    <message>
        <source>Can&apos;t start the next review</source>
        <translation>Die Folgeprüfung kann nicht begonnen werden</translation>
    </message>
</context>
<context>
    <name>ListDialog</name>
    <message>
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
</context>
<context>
    <name>ListRefresh</name>
    <message>
        <source>The list can&apos;t be read just now: %1</source>
        <translation>Die Liste kann gerade nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>Nothing to show: your login has no role in the district workspace any more.</source>
        <translation>Nichts anzuzeigen: Ihre Anmeldung hat keine Rolle mehr im Bezirks-Arbeitsbereich.</translation>
    </message>
    <message>
        <source>Until then there is nothing here to read or change; File &gt; Use this laptop&apos;s workspace goes back to this laptop&apos;s own.</source>
        <translation>Bis dahin gibt es hier nichts zu lesen oder zu ändern; Datei &gt; Arbeitsbereich dieses Laptops verwenden kehrt zum eigenen Arbeitsbereich dieses Laptops zurück.</translation>
    </message>
    <message>
        <source>“%1” can&apos;t be shown any more: %2</source>
        <translation>„%1“ kann nicht mehr angezeigt werden: %2</translation>
    </message>
    <message>
        <source>The open assessment was closed; the list says why.</source>
        <translation>Die geöffnete Bewertung wurde geschlossen; die Liste nennt den Grund.</translation>
    </message>
    <message>
        <source>Restored the backup %1.</source>
        <translation>Die Sicherung %1 wurde wiederhergestellt.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Save status</source>
        <translation>Speicherstatus</translation>
    </message>
    <message>
        <source>Workspace open</source>
        <translation>Geöffneter Arbeitsbereich</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;New assessment…</source>
        <translation>&amp;Neue Bewertung…</translation>
    </message>
    <message>
        <source>&amp;Import checklist…</source>
        <translation>Prüfliste &amp;importieren…</translation>
    </message>
    <message>
        <source>&amp;Back to assessments</source>
        <translation>&amp;Zurück zu den Bewertungen</translation>
    </message>
    <message>
        <source>&amp;Export bundle…</source>
        <translation>Paket e&amp;xportieren…</translation>
    </message>
    <message>
        <source>Im&amp;port bundle…</source>
        <translation>Paket i&amp;mportieren…</translation>
    </message>
    <message>
        <source>&amp;Verify a report…</source>
        <translation>Bericht &amp;prüfen…</translation>
    </message>
    <message>
        <source>Open &amp;data folder</source>
        <translation>&amp;Datenordner öffnen</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <source>Signing &amp;identities…</source>
        <translation>Signatur&amp;identitäten…</translation>
    </message>
    <message>
        <source>&amp;Assessment</source>
        <translation>Be&amp;wertung</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>Open &amp;actions…</source>
        <translation>Offene &amp;Maßnahmen…</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Tastenkürzel</translation>
    </message>
    <message>
        <source>&amp;How an assessment works</source>
        <translation>&amp;So funktioniert eine Bewertung</translation>
    </message>
    <message>
        <source>&amp;About Compliance Desk</source>
        <translation>Ü&amp;ber Compliance Desk</translation>
    </message>
    <message>
        <source>Can&apos;t open the assessment</source>
        <translation>Die Bewertung kann nicht geöffnet werden</translation>
    </message>
    <message>
        <source>Moved “%1” to the recycle bin.</source>
        <translation>„%1“ in den Papierkorb verschoben.</translation>
    </message>
    <message>
        <source>Undone: “%1” is back from the recycle bin.</source>
        <translation>Rückgängig gemacht: „%1“ ist aus dem Papierkorb zurück.</translation>
    </message>
    <message>
        <source>Preferences not saved</source>
        <translation>Einstellungen nicht gespeichert</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
</context>
<context>
    <name>MergeDialog</name>
    <message>
        <source>Settle the merge</source>
        <translation>Zusammenführung klären</translation>
    </message>
    <message>
        <source>This copy and the bundle %1 both changed these things, each differently, since they parted. Choose for each which value the merged assessment keeps. Everything else is merged as it is; nothing is written until you choose Merge.</source>
        <translation>Diese Kopie und das Paket %1 haben diese Dinge seit ihrer Trennung beide geändert, jeweils unterschiedlich. Wählen Sie für jedes, welchen Wert die zusammengeführte Bewertung behält. Alles andere wird unverändert zusammengeführt; geschrieben wird erst, wenn Sie „Zusammenführen“ wählen.</translation>
    </message>
    <message>
        <source>Keep all of &amp;this copy&apos;s</source>
        <translation>Alles aus &amp;dieser Kopie behalten</translation>
    </message>
    <message>
        <source>Take all of the &amp;bundle&apos;s</source>
        <translation>Alles aus dem &amp;Paket übernehmen</translation>
    </message>
    <message>
        <source>Conflicts left to settle</source>
        <translation>Noch zu klärende Konflikte</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Punkt</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Was</translation>
    </message>
    <message>
        <source>This copy</source>
        <translation>Diese Kopie</translation>
    </message>
    <message>
        <source>Changed here by</source>
        <translation>Hier geändert von</translation>
    </message>
    <message>
        <source>The bundle</source>
        <translation>Das Paket</translation>
    </message>
    <message>
        <source>Changed there by</source>
        <translation>Dort geändert von</translation>
    </message>
    <message>
        <source>Keep</source>
        <translation>Behalten</translation>
    </message>
    <message>
        <source>&amp;Merge</source>
        <translation>&amp;Zusammenführen</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Wählen…</translation>
    </message>
    <message>
        <source>This copy&apos;s</source>
        <translation>Aus dieser Kopie</translation>
    </message>
    <message>
        <source>The bundle&apos;s</source>
        <translation>Aus dem Paket</translation>
    </message>
    <message>
        <source>Keep for %1, %2</source>
        <translation>Behalten für %1, %2</translation>
    </message>
    <message>
        <source>The assessment</source>
        <translation>Die Bewertung</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(keine)</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Ja</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Nein</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>(leer)</translation>
    </message>
    <message>
        <source>%1 of %2 left to choose</source>
        <translation>Noch %1 von %2 zu wählen</translation>
    </message>
</context>
<context>
    <name>MoveSchoolDialog</name>
    <message>
        <source>Move to school</source>
        <translation>In eine Schule verschieben</translation>
    </message>
    <message>
        <source>“%1” is filed under another school: its coordinators see it, and those of the school it leaves no longer do. Its answers, history and sign-off stay as they are; the move is recorded in its history.</source>
        <translation>„%1“ wird einer anderen Schule zugeordnet: Deren Koordinatorinnen und Koordinatoren sehen sie, die der bisherigen Schule nicht mehr. Antworten, Verlauf und Freigabe bleiben, wie sie sind; das Verschieben wird im Verlauf festgehalten.</translation>
    </message>
    <message>
        <source>No school (the district&apos;s own)</source>
        <translation>Keine Schule (die des Bezirks)</translation>
    </message>
    <message>
        <source>Now in</source>
        <translation>Jetzt in</translation>
    </message>
    <message>
        <source>Now in:</source>
        <translation>Jetzt in:</translation>
    </message>
    <message>
        <source>Move to</source>
        <translation>Verschieben nach</translation>
    </message>
    <message>
        <source>Move &amp;to:</source>
        <translation>Verschieben &amp;nach:</translation>
    </message>
    <message>
        <source>&amp;Move</source>
        <translation>&amp;Verschieben</translation>
    </message>
</context>
<context>
    <name>NameDialog</name>
    <message>
        <source>Your name</source>
        <translation>Ihr Name</translation>
    </message>
    <message>
        <source>Your name is recorded with every answer, note, action and sign-off you make, so the history shows who did what. You can change it later in Edit &gt; Preferences.</source>
        <translation>Ihr Name wird mit jeder Antwort, Notiz, Maßnahme und Freigabe festgehalten, die Sie geben, damit der Verlauf zeigt, wer was getan hat. Sie können ihn später unter Bearbeiten &gt; Einstellungen ändern.</translation>
    </message>
    <message>
        <source>e.g. Dana Okafor</source>
        <translation>z. B. Dana Okafor</translation>
    </message>
    <message>
        <source>Your &amp;name:</source>
        <translation>Ihr &amp;Name:</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Weiter</translation>
    </message>
    <message>
        <source>Not now</source>
        <translation>Nicht jetzt</translation>
    </message>
</context>
<context>
    <name>NewAssessmentDialog</name>
    <message>
        <source>New assessment</source>
        <translation>Neue Bewertung</translation>
    </message>
    <message>
        <source>&amp;Checklist:</source>
        <translation>&amp;Prüfliste:</translation>
    </message>
    <message>
        <source>Checklist</source>
        <translation>Prüfliste</translation>
    </message>
    <message>
        <source>%1
version %2 · %3 items</source>
        <translation>%1
Version %2 · Punkte: %3</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>Organisation</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <source>e.g. Spring term review</source>
        <translation>z. B. Überprüfung im Frühjahr</translation>
    </message>
    <message>
        <source>Assessor</source>
        <translation>Bewerter/in</translation>
    </message>
    <message>
        <source>&amp;Organisation:</source>
        <translation>&amp;Organisation:</translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation>&amp;Titel:</translation>
    </message>
    <message>
        <source>&amp;Assessor:</source>
        <translation>&amp;Bewerter/in:</translation>
    </message>
    <message>
        <source>&amp;School:</source>
        <translation>&amp;Schule:</translation>
    </message>
    <message>
        <source>About the checklist</source>
        <translation>Über die Checkliste</translation>
    </message>
    <message>
        <source>What is missing</source>
        <translation>Was noch fehlt</translation>
    </message>
    <message>
        <source>C&amp;reate</source>
        <translation>&amp;Anlegen</translation>
    </message>
    <message>
        <source>%1, version %2, %3 items in %4 sections</source>
        <translation>%1, Version %2, Punkte: %3, Abschnitte: %4</translation>
    </message>
    <message>
        <source>Choose a checklist.</source>
        <translation>Wählen Sie eine Prüfliste.</translation>
    </message>
    <message>
        <source>Name the organisation.</source>
        <translation>Nennen Sie die Organisation.</translation>
    </message>
    <message>
        <source>Give the assessment a title.</source>
        <translation>Geben Sie der Bewertung einen Titel.</translation>
    </message>
    <message>
        <source>Choose the school it is for.</source>
        <translation>Wählen Sie die Schule, für die sie ist.</translation>
    </message>
    <message>
        <source>Answer the scope question: %1</source>
        <translation>Beantworten Sie die Frage zum Geltungsbereich: %1</translation>
    </message>
</context>
<context>
    <name>NewAssessmentFlow</name>
    <message>
        <source>No checklists</source>
        <translation>Keine Prüflisten</translation>
    </message>
    <message>
        <source>No checklist is available.</source>
        <translation>Es ist keine Prüfliste verfügbar.</translation>
    </message>
</context>
<context>
    <name>NewIdentityDialog</name>
    <message>
        <source>New signing identity</source>
        <translation>Neue Signaturidentität</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Funktion</translation>
    </message>
    <message>
        <source>e.g. Data protection officer</source>
        <translation>z. B. Datenschutzbeauftragte/r</translation>
    </message>
    <message>
        <source>E-mail (optional)</source>
        <translation>E-Mail (optional)</translation>
    </message>
    <message>
        <source> days</source>
        <translation> Tage</translation>
    </message>
    <message>
        <source>Certificate valid for</source>
        <translation>Zertifikat gültig für</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>Passphrase</translation>
    </message>
    <message>
        <source>Passphrase again</source>
        <translation>Passphrase wiederholen</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>&amp;Role:</source>
        <translation>&amp;Funktion:</translation>
    </message>
    <message>
        <source>&amp;E-mail:</source>
        <translation>&amp;E-Mail:</translation>
    </message>
    <message>
        <source>&amp;Valid for:</source>
        <translation>&amp;Gültig für:</translation>
    </message>
    <message>
        <source>&amp;Passphrase:</source>
        <translation>&amp;Passphrase:</translation>
    </message>
    <message>
        <source>&amp;Again:</source>
        <translation>&amp;Wiederholen:</translation>
    </message>
    <message>
        <source>Authority passphrase</source>
        <translation>Passphrase der Zertifizierungsstelle</translation>
    </message>
    <message>
        <source>Authority passphrase again</source>
        <translation>Passphrase der Zertifizierungsstelle wiederholen</translation>
    </message>
    <message>
        <source>This is the workspace&apos;s first identity, so it also makes the workspace&apos;s sign-off authority, which issues every identity&apos;s certificate. Choose its passphrase and give it to whoever looks after the workspace.</source>
        <translation>Dies ist die erste Identität des Arbeitsbereichs; daher wird zugleich seine Zertifizierungsstelle für Freigaben angelegt, die das Zertifikat jeder Identität ausstellt. Wählen Sie ihre Passphrase und geben Sie sie an die Person weiter, die den Arbeitsbereich betreut.</translation>
    </message>
    <message>
        <source>Au&amp;thority passphrase:</source>
        <translation>Passphrase der &amp;Zertifizierungsstelle:</translation>
    </message>
    <message>
        <source>A&amp;gain:</source>
        <translation>W&amp;iederholen:</translation>
    </message>
    <message>
        <source>&amp;Create</source>
        <translation>&amp;Anlegen</translation>
    </message>
    <message>
        <source>The two passphrases differ; type the same one twice.</source>
        <translation>Die beiden Passphrasen unterscheiden sich; geben Sie zweimal dieselbe ein.</translation>
    </message>
    <message>
        <source>The two authority passphrases differ; type the same one twice.</source>
        <translation>Die beiden Passphrasen der Zertifizierungsstelle unterscheiden sich; geben Sie zweimal dieselbe ein.</translation>
    </message>
</context>
<context>
    <name>NextReviewDialog</name>
    <message>
        <source>Start the next review</source>
        <translation>Folgeprüfung beginnen</translation>
    </message>
    <message>
        <source>A new draft for the next cycle, linked to “%1”. Answers to items whose question is unchanged carry over with their notes and evidence, marked until someone confirms or changes them; actions still to do carry over too.</source>
        <translation>Ein neuer Entwurf für den nächsten Durchgang, verknüpft mit „%1“. Antworten zu Punkten mit unveränderter Frage werden mit ihren Notizen und Nachweisen übernommen und bleiben markiert, bis jemand sie bestätigt oder ändert; noch offene Maßnahmen werden ebenfalls übernommen.</translation>
    </message>
    <message>
        <source>A next review was already started from it: %1. This starts another.</source>
        <translation>Von ihr aus wurde bereits eine Folgeprüfung begonnen: %1. Hiermit beginnt eine weitere.</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>Organisation</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <source>Checklist version</source>
        <translation>Version der Prüfliste</translation>
    </message>
    <message>
        <source>%1 (the version of the last review)</source>
        <translation>%1 (die Version der letzten Überprüfung)</translation>
    </message>
    <message>
        <source>%1 (the newest)</source>
        <translation>%1 (die neueste)</translation>
    </message>
    <message>
        <source>Organisation:</source>
        <translation>Organisation:</translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation>&amp;Titel:</translation>
    </message>
    <message>
        <source>Checklist &amp;version:</source>
        <translation>&amp;Version der Prüfliste:</translation>
    </message>
    <message>
        <source>What carries over</source>
        <translation>Was übernommen wird</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>&amp;Beginnen</translation>
    </message>
    <message>
        <source>Answers that carry over, to confirm: %1. Questions changed: %2; new items: %3 (they start unanswered). Items of version %5 no longer in version %6: %4.</source>
        <translation>Zu bestätigende übernommene Antworten: %1. Geänderte Fragen: %2, neue Punkte: %3 (sie beginnen unbeantwortet). Punkte der Version %5, die in Version %6 nicht mehr enthalten sind: %4.</translation>
    </message>
    <message>
        <source>Give the next review a title.</source>
        <translation>Geben Sie der Folgeprüfung einen Titel.</translation>
    </message>
</context>
<context>
    <name>OpenActionsDialog</name>
    <message>
        <source>Open actions</source>
        <translation>Offene Maßnahmen</translation>
    </message>
    <message>
        <source>Enter or a double-click opens the assessment at the action&apos;s item.</source>
        <translation>Die Eingabetaste oder ein Doppelklick öffnet die Bewertung beim Punkt der Maßnahme.</translation>
    </message>
    <message>
        <source>No open actions: every planned action is done or cancelled.</source>
        <translation>Keine offenen Maßnahmen: Jede geplante Maßnahme ist erledigt oder abgebrochen.</translation>
    </message>
    <message>
        <source>Open actions: %1; overdue: %2.</source>
        <translation>Offene Maßnahmen: %1; überfällig: %2.</translation>
    </message>
</context>
<context>
    <name>OpenActionsModel</name>
    <message>
        <source>Due</source>
        <translation>Fällig</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Maßnahme</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Verantwortlich</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Punkt</translation>
    </message>
    <message>
        <source>Assessment</source>
        <translation>Bewertung</translation>
    </message>
    <message>
        <source>%1, overdue</source>
        <translation>%1, überfällig</translation>
    </message>
</context>
<context>
    <name>OpeningWindow</name>
    <message>
        <source>Compliance Desk</source>
        <translation>Compliance Desk</translation>
    </message>
    <message>
        <source>Opening…</source>
        <translation>Wird geöffnet…</translation>
    </message>
    <message>
        <source>Opening the workspace</source>
        <translation>Arbeitsbereich wird geöffnet</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Your name</source>
        <translation>Ihr Name</translation>
    </message>
    <message>
        <source>Your full name, e.g. Sam Patel</source>
        <translation>Ihr vollständiger Name, z. B. Sam Patel</translation>
    </message>
    <message>
        <source>Recorded with every answer, note, action and sign-off you make.</source>
        <translation>Wird mit jeder Antwort, Notiz, Maßnahme und Freigabe festgehalten, die Sie geben.</translation>
    </message>
    <message>
        <source>Report paper size</source>
        <translation>Papierformat des Berichts</translation>
    </message>
    <message>
        <source>Your &amp;name:</source>
        <translation>Ihr &amp;Name:</translation>
    </message>
    <message>
        <source>Report &amp;paper:</source>
        <translation>&amp;Papierformat des Berichts:</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>Systemvorgabe</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>Spr&amp;ache:</translation>
    </message>
    <message>
        <source>The language changes when the app next starts.</source>
        <translation>Die Sprache wechselt beim nächsten Start der App.</translation>
    </message>
    <message>
        <source>Backups kept</source>
        <translation>Aufbewahrte Sicherungen</translation>
    </message>
    <message>
        <source>&amp;Backups kept:</source>
        <translation>Aufbewahrte &amp;Sicherungen:</translation>
    </message>
    <message>
        <source>The newest are kept; those made at sign-offs and updates always are.</source>
        <translation>Die neuesten werden aufbewahrt; die bei Freigaben und Updates erstellten immer.</translation>
    </message>
    <message>
        <source>Give your name.</source>
        <translation>Geben Sie Ihren Namen an.</translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <source>Reason</source>
        <translation>Begründung</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>&amp;Begründung:</translation>
    </message>
    <message>
        <source>Return starts a new line; %1 gives the reason (%2).</source>
        <translation>Die Eingabetaste beginnt eine neue Zeile; %1 übernimmt die Begründung (%2).</translation>
    </message>
    <message>
        <source>Your name</source>
        <translation>Ihr Name</translation>
    </message>
    <message>
        <source>Your &amp;name:</source>
        <translation>Ihr &amp;Name:</translation>
    </message>
</context>
<context>
    <name>RecycleBinDialog</name>
    <message>
        <source>Drafts moved here are out of the list, kept whole with their history. Restore puts one back; Empty removes for good those deleted long enough ago.</source>
        <translation>Hierher verschobene Entwürfe sind aus der Liste entfernt und bleiben vollständig mit ihrem Verlauf erhalten. „Wiederherstellen“ holt einen zurück; „Leeren“ entfernt endgültig die, die schon lange genug gelöscht sind.</translation>
    </message>
    <message>
        <source>Deleted assessments</source>
        <translation>Gelöschte Bewertungen</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>Organisation</translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation>Gelöscht</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Von</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Begründung</translation>
    </message>
    <message>
        <source>Recycle bin</source>
        <translation>Papierkorb</translation>
    </message>
    <message>
        <source>&amp;Restore</source>
        <translation>&amp;Wiederherstellen</translation>
    </message>
    <message>
        <source>&amp;Empty…</source>
        <translation>&amp;Leeren…</translation>
    </message>
    <message>
        <source>The district workspace is emptied for good by its IT, who back it up with pg_dump first (see docs/district.md); a draft restored from here goes back as usual.</source>
        <translation>Der Bezirks-Arbeitsbereich wird von seiner IT endgültig geleert, die ihn zuvor mit pg_dump sichert (siehe docs/district.md); ein Entwurf, der von hier wiederhergestellt wird, kehrt wie gewohnt zurück.</translation>
    </message>
    <message>
        <source>Not restored</source>
        <translation>Nicht wiederhergestellt</translation>
    </message>
    <message>
        <source>Restored “%1”: it is back in the assessments list.</source>
        <translation>„%1“ wiederhergestellt: Sie ist wieder in der Liste der Bewertungen.</translation>
    </message>
    <message numerus="yes">
        <source>Remove %n assessment for good? A backup of the workspace is made first; nothing else can bring it back.</source>
        <translation>
            <numerusform>%n Bewertung endgültig entfernen? Zuerst wird eine Sicherung des Arbeitsbereichs angelegt; nichts anderes kann sie zurückholen.</numerusform>
            <numerusform>%n Bewertungen endgültig entfernen? Zuerst wird eine Sicherung des Arbeitsbereichs angelegt; nichts anderes kann sie zurückholen.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Remove %n assessments for good? A backup of the workspace is made first; nothing else can bring them back.</source>
        <translation>
            <numerusform>%n Bewertung endgültig entfernen? Zuerst wird eine Sicherung des Arbeitsbereichs angelegt; nichts anderes kann sie zurückholen.</numerusform>
            <numerusform>%n Bewertungen endgültig entfernen? Zuerst wird eine Sicherung des Arbeitsbereichs angelegt; nichts anderes kann sie zurückholen.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Removed %n assessment for good; backed up first as %1.</source>
        <translation>
            <numerusform>%n Bewertung endgültig entfernt; zuvor gesichert als %1.</numerusform>
            <numerusform>%n Bewertungen endgültig entfernt; zuvor gesichert als %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Removed %n assessments for good; backed up first as %1.</source>
        <translation>
            <numerusform>%n Bewertung endgültig entfernt; zuvor gesichert als %1.</numerusform>
            <numerusform>%n Bewertungen endgültig entfernt; zuvor gesichert als %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>Empty the recycle bin?</source>
        <translation>Papierkorb leeren?</translation>
    </message>
    <message>
        <source>The recycle bin is empty. A draft deleted from the assessments list waits here until it is restored or the bin is emptied.</source>
        <translation>Der Papierkorb ist leer. Ein aus der Liste der Bewertungen gelöschter Entwurf wartet hier, bis er wiederhergestellt oder der Papierkorb geleert wird.</translation>
    </message>
    <message>
        <source>Nothing was removed</source>
        <translation>Nichts wurde entfernt</translation>
    </message>
    <message>
        <source>Nothing was deleted that long ago.</source>
        <translation>Nichts wurde vor so langer Zeit gelöscht.</translation>
    </message>
</context>
<context>
    <name>RefusalLine</name>
    <message>
        <source>Refused</source>
        <translation>Abgelehnt</translation>
    </message>
</context>
<context>
    <name>ReportBar</name>
    <message>
        <source>Report</source>
        <translation>Bericht</translation>
    </message>
    <message>
        <source>Report progress</source>
        <translation>Fortschritt des Berichts</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Cancel the report</source>
        <translation>Den Bericht abbrechen</translation>
    </message>
    <message>
        <source>Cancel the report or working copy being made</source>
        <translation>Den entstehenden Bericht oder die Arbeitskopie abbrechen</translation>
    </message>
    <message>
        <source>Open report</source>
        <translation>Bericht öffnen</translation>
    </message>
    <message>
        <source>Open the saved report</source>
        <translation>Den gespeicherten Bericht öffnen</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel-Arbeitsmappen (*.xlsx)</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <source>Word documents (*.docx)</source>
        <translation>Word-Dokumente (*.docx)</translation>
    </message>
    <message>
        <source>Export a working copy</source>
        <translation>Arbeitskopie exportieren</translation>
    </message>
    <message>
        <source>Export the report</source>
        <translation>Bericht exportieren</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF-Dateien (*.pdf)</translation>
    </message>
    <message>
        <source>The report was not made</source>
        <translation>Der Bericht wurde nicht erstellt</translation>
    </message>
    <message>
        <source>Replace the file?</source>
        <translation>Datei ersetzen?</translation>
    </message>
    <message>
        <source>%1 already exists. Replace it?</source>
        <translation>%1 ist bereits vorhanden. Ersetzen?</translation>
    </message>
    <message>
        <source>Replace the files?</source>
        <translation>Dateien ersetzen?</translation>
    </message>
    <message>
        <source>These files already exist:
%1
Replace them?</source>
        <translation>Diese Dateien sind bereits vorhanden:
%1
Ersetzen?</translation>
    </message>
    <message>
        <source>No report of this assessment</source>
        <translation>Kein Bericht zu dieser Bewertung</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Wird abgebrochen…</translation>
    </message>
    <message>
        <source>Making the working copy…</source>
        <translation>Arbeitskopie wird erstellt…</translation>
    </message>
    <message>
        <source>Making and signing the report…</source>
        <translation>Bericht wird erstellt und signiert…</translation>
    </message>
    <message>
        <source>Making the report…</source>
        <translation>Bericht wird erstellt…</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Not printed: the assessment was closed.</source>
        <translation>Nicht gedruckt: Die Bewertung wurde geschlossen.</translation>
    </message>
    <message>
        <source>Working copy saved to %1</source>
        <translation>Arbeitskopie in %1 gespeichert</translation>
    </message>
    <message>
        <source>Report saved to %1</source>
        <translation>Bericht in %1 gespeichert</translation>
    </message>
    <message>
        <source>Signed report (%1) saved to %2</source>
        <translation>Signierter Bericht (%1) in %2 gespeichert</translation>
    </message>
    <message>
        <source>Cancelled: no report was written.</source>
        <translation>Abgebrochen: Es wurde kein Bericht geschrieben.</translation>
    </message>
    <message>
        <source>Cancelled: no working copy was written.</source>
        <translation>Abgebrochen: Es wurde keine Arbeitskopie geschrieben.</translation>
    </message>
    <message>
        <source>The working copy could not be written.</source>
        <translation>Die Arbeitskopie konnte nicht geschrieben werden.</translation>
    </message>
    <message>
        <source>Working copy not written</source>
        <translation>Arbeitskopie nicht geschrieben</translation>
    </message>
    <message>
        <source>The report could not be written.</source>
        <translation>Der Bericht konnte nicht geschrieben werden.</translation>
    </message>
    <message>
        <source>Report not written</source>
        <translation>Bericht nicht geschrieben</translation>
    </message>
    <message>
        <source>The working copy could not be made.</source>
        <translation>Die Arbeitskopie konnte nicht erstellt werden.</translation>
    </message>
    <message>
        <source>Making the working copy failed unexpectedly; the details are in the log file.</source>
        <translation>Das Erstellen der Arbeitskopie ist unerwartet fehlgeschlagen; die Einzelheiten stehen in der Protokolldatei.</translation>
    </message>
    <message>
        <source>The report could not be made.</source>
        <translation>Der Bericht konnte nicht erstellt werden.</translation>
    </message>
    <message>
        <source>Making the report failed unexpectedly; the details are in the log file.</source>
        <translation>Das Erstellen des Berichts ist unerwartet fehlgeschlagen; die Einzelheiten stehen in der Protokolldatei.</translation>
    </message>
    <message>
        <source>Report saved to %1.</source>
        <translation>Bericht in %1 gespeichert.</translation>
    </message>
    <message>
        <source>Working copy saved to %1 and %2 (not the signed record).</source>
        <translation>Arbeitskopie in %1 und %2 gespeichert (nicht das signierte Dokument).</translation>
    </message>
    <message>
        <source>Working copy saved to %1 (not the signed record).</source>
        <translation>Arbeitskopie in %1 gespeichert (nicht das signierte Dokument).</translation>
    </message>
    <message>
        <source>Open the copy</source>
        <translation>Kopie öffnen</translation>
    </message>
    <message>
        <source>Open the saved working copy</source>
        <translation>Die gespeicherte Arbeitskopie öffnen</translation>
    </message>
    <message>
        <source>To sign reports, make a signing identity first (Edit &gt; Signing identities).</source>
        <translation>Um Berichte zu signieren, legen Sie zuerst eine Signaturidentität an (Bearbeiten &gt; Signaturidentitäten).</translation>
    </message>
    <message numerus="yes">
        <source>Sent %n page(s) to the printer.</source>
        <translation>
            <numerusform>%n Seite an den Drucker gesendet.</numerusform>
            <numerusform>%n Seiten an den Drucker gesendet.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReviewMarkRow</name>
    <message>
        <source>Since the last review</source>
        <translation>Seit der letzten Überprüfung</translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation>Bestätigen</translation>
    </message>
    <message>
        <source>Confirm the carried-over answer</source>
        <translation>Die übernommene Antwort bestätigen</translation>
    </message>
    <message>
        <source>The answer from the last review still holds (Ctrl+K)</source>
        <translation>Die Antwort aus der letzten Überprüfung gilt weiterhin (Strg+K)</translation>
    </message>
    <message>
        <source>The last review&apos;s answer</source>
        <translation>Die Antwort der letzten Überprüfung</translation>
    </message>
    <message>
        <source>Carried over from the last review: confirm it still holds, or change it.</source>
        <translation>Aus der letzten Überprüfung übernommen: Bestätigen Sie, dass sie weiterhin gilt, oder ändern Sie sie.</translation>
    </message>
    <message>
        <source>The question changed since the last review, so its answer did not carry over.</source>
        <translation>Die Frage hat sich seit der letzten Überprüfung geändert, daher wurde ihre Antwort nicht übernommen.</translation>
    </message>
    <message>
        <source>New in this version of the checklist.</source>
        <translation>Neu in dieser Version der Prüfliste.</translation>
    </message>
    <message>
        <source>The last review answered: %1.</source>
        <translation>Die letzte Überprüfung antwortete: %1.</translation>
    </message>
    <message>
        <source>The last review answered %1 to the question as it was then: %2</source>
        <translation>Die letzte Überprüfung antwortete %1 auf die damalige Frage: %2</translation>
    </message>
    <message>
        <source>This answer needs no confirmation here: the item is out of scope.</source>
        <translation>Diese Antwort braucht hier keine Bestätigung: Der Punkt liegt außerhalb des Geltungsbereichs.</translation>
    </message>
    <message>
        <source>Nothing to confirm: this answer was not carried over from the last review.</source>
        <translation>Nichts zu bestätigen: Diese Antwort wurde nicht aus der letzten Überprüfung übernommen.</translation>
    </message>
</context>
<context>
    <name>SaveStatus</name>
    <message>
        <source>Read only: you change nothing here</source>
        <translation>Nur lesen: hier ändern Sie nichts</translation>
    </message>
    <message>
        <source>All changes saved · last at %1</source>
        <translation>Alle Änderungen gespeichert · zuletzt um %1</translation>
    </message>
    <message>
        <source>Changes are saved as you work</source>
        <translation>Änderungen werden während der Arbeit gespeichert</translation>
    </message>
</context>
<context>
    <name>SchoolCombo</name>
    <message>
        <source>School</source>
        <translation>Schule</translation>
    </message>
    <message>
        <source>No school (the district&apos;s own)</source>
        <translation>Keine Schule (die des Bezirks)</translation>
    </message>
    <message>
        <source>Choose the school</source>
        <translation>Schule wählen</translation>
    </message>
</context>
<context>
    <name>SchoolMove</name>
    <message>
        <source>Move to &amp;school…</source>
        <translation>In eine &amp;Schule verschieben…</translation>
    </message>
    <message>
        <source>File the chosen assessment under another school</source>
        <translation>Die gewählte Bewertung einer anderen Schule zuordnen</translation>
    </message>
    <message>
        <source>On the district workspace only the data protection officer moves an assessment to another school.</source>
        <translation>Im Arbeitsbereich des Bezirks verschiebt nur der Datenschutzbeauftragte eine Bewertung in eine andere Schule.</translation>
    </message>
    <message>
        <source>Not moved</source>
        <translation>Nicht verschoben</translation>
    </message>
</context>
<context>
    <name>ScopeFormDialog</name>
    <message>
        <source>Answer the scope question: %1</source>
        <translation>Beantworten Sie die Frage zum Geltungsbereich: %1</translation>
    </message>
</context>
<context>
    <name>ScopeQuestions</name>
    <message>
        <source>Scope</source>
        <translation>Geltungsbereich</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Wählen…</translation>
    </message>
</context>
<context>
    <name>ScopeReasons</name>
    <message>
        <source>it applies when “%1” is %2; here: %3</source>
        <translation>gilt, wenn „%1“ %2 ist; hier: %3</translation>
    </message>
    <message>
        <source> or </source>
        <translation> oder </translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <source>Every key the window answers to, and where it works. On a Mac, Ctrl is the Command key.</source>
        <translation>Jede Taste, auf die das Fenster reagiert, und wo sie wirkt. Auf einem Mac entspricht Strg der Befehlstaste.</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Tasten</translation>
    </message>
    <message>
        <source>What it does</source>
        <translation>Was sie bewirkt</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>Wo</translation>
    </message>
</context>
<context>
    <name>SignOffDialog</name>
    <message>
        <source>Sign off the assessment</source>
        <translation>Bewertung freigeben</translation>
    </message>
    <message>
        <source>What blocks sign-off</source>
        <translation>Was die Freigabe verhindert</translation>
    </message>
    <message>
        <source>To know before signing off</source>
        <translation>Vor der Freigabe zu wissen</translation>
    </message>
    <message>
        <source>Reviewer&apos;s name</source>
        <translation>Name der freigebenden Person</translation>
    </message>
    <message>
        <source>Reviewer&apos;s role</source>
        <translation>Funktion der freigebenden Person</translation>
    </message>
    <message>
        <source>e.g. Data protection officer</source>
        <translation>z. B. Datenschutzbeauftragte/r</translation>
    </message>
    <message>
        <source>Attestation</source>
        <translation>Erklärung</translation>
    </message>
    <message>
        <source>Reviewer&apos;s &amp;name:</source>
        <translation>&amp;Name der freigebenden Person:</translation>
    </message>
    <message>
        <source>&amp;Role:</source>
        <translation>&amp;Funktion:</translation>
    </message>
    <message>
        <source>&amp;Attestation:</source>
        <translation>&amp;Erklärung:</translation>
    </message>
    <message>
        <source>You are the assessor of this assessment: signing off means reviewing your own work. The sign-off and the report will say the assessor reviewed it.</source>
        <translation>Sie haben diese Bewertung selbst erstellt: Eine Freigabe heißt, Ihre eigene Arbeit zu prüfen. Freigabe und Bericht werden vermerken, dass die bewertende Person sie geprüft hat.</translation>
    </message>
    <message>
        <source>I review my &amp;own assessment, and want that recorded</source>
        <translation>Ich prüfe meine eigene Bewertung und möchte das fest&amp;halten</translation>
    </message>
    <message>
        <source>Confirm reviewing your own assessment</source>
        <translation>Bestätigen, dass Sie Ihre eigene Bewertung prüfen</translation>
    </message>
    <message>
        <source>&amp;Sign off and lock</source>
        <translation>Freigeben und &amp;sperren</translation>
    </message>
    <message>
        <source>%1, version %2</source>
        <translation>%1, Version %2</translation>
    </message>
    <message>
        <source>%1 of %2 applicable items answered (%3). %4</source>
        <translation>%1 von %2 zutreffenden Punkten beantwortet (%3). %4</translation>
    </message>
    <message>
        <source>Open remediation actions: %1 · Evidence files: %2</source>
        <translation>Offene Abhilfemaßnahmen: %1 · Nachweisdateien: %2</translation>
    </message>
    <message>
        <source>Fingerprint of what you approve: %1</source>
        <translation>Fingerabdruck dessen, was Sie genehmigen: %1</translation>
    </message>
    <message numerus="yes">
        <source>To mend before signing off: %n (%1). Choose one to go to its item.</source>
        <translation>
            <numerusform>Vor der Freigabe zu beheben: %n (%1). Wählen Sie einen Punkt, um zu ihm zu gehen.</numerusform>
            <numerusform>Vor der Freigabe zu beheben: %n (%1). Wählen Sie einen Punkt, um zu ihm zu gehen.</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing blocks sign-off.</source>
        <translation>Nichts verhindert die Freigabe.</translation>
    </message>
    <message>
        <source>To know before signing off (this does not block it):</source>
        <translation>Vor der Freigabe zu wissen (verhindert sie nicht):</translation>
    </message>
</context>
<context>
    <name>SignReportDialog</name>
    <message>
        <source>Sign the report</source>
        <translation>Bericht signieren</translation>
    </message>
    <message>
        <source>The report of a signed-off assessment can carry digital signatures that anyone can check later with Verify a report. Signing adds nothing to the assessment.</source>
        <translation>Der Bericht einer freigegebenen Bewertung kann digitale Signaturen tragen, die jede und jeder später mit „Bericht prüfen“ kontrollieren kann. Das Signieren fügt der Bewertung nichts hinzu.</translation>
    </message>
    <message>
        <source>&amp;Sign the report</source>
        <translation>Bericht &amp;signieren</translation>
    </message>
    <message>
        <source>Reviewer&apos;s identity</source>
        <translation>Identität der freigebenden Person</translation>
    </message>
    <message>
        <source>Reviewer&apos;s passphrase</source>
        <translation>Passphrase der freigebenden Person</translation>
    </message>
    <message>
        <source>&amp;Reviewer:</source>
        <translation>&amp;Freigebende Person:</translation>
    </message>
    <message>
        <source>&amp;Passphrase:</source>
        <translation>&amp;Passphrase:</translation>
    </message>
    <message>
        <source>The &amp;assessor signs too (first)</source>
        <translation>&amp;Bewerter/in signiert ebenfalls (zuerst)</translation>
    </message>
    <message>
        <source>Assessor&apos;s identity</source>
        <translation>Identität der bewertenden Person</translation>
    </message>
    <message>
        <source>Assessor&apos;s passphrase</source>
        <translation>Passphrase der bewertenden Person</translation>
    </message>
    <message>
        <source>Assess&amp;or:</source>
        <translation>Bewerter/&amp;in:</translation>
    </message>
    <message>
        <source>Pass&amp;phrase:</source>
        <translation>Passp&amp;hrase:</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exportieren</translation>
    </message>
    <message>
        <source>Sign and export</source>
        <translation>Signieren und exportieren</translation>
    </message>
    <message>
        <source>Export unsigned</source>
        <translation>Unsigniert exportieren</translation>
    </message>
</context>
<context>
    <name>StatusBanner</name>
    <message>
        <source>Review status</source>
        <translation>Status der Bewertung</translation>
    </message>
    <message>
        <source>&amp;Sign off…</source>
        <translation>&amp;Freigeben…</translation>
    </message>
    <message>
        <source>Check and sign off this assessment</source>
        <translation>Diese Bewertung prüfen und freigeben</translation>
    </message>
    <message>
        <source>Check what blocks sign-off, then sign (Ctrl+Shift+S)</source>
        <translation>Prüfen, was die Freigabe verhindert, dann freigeben (Strg+Umschalt+S)</translation>
    </message>
    <message>
        <source>&amp;Reopen…</source>
        <translation>Wieder ö&amp;ffnen…</translation>
    </message>
    <message>
        <source>Reopen this signed-off assessment</source>
        <translation>Diese freigegebene Bewertung wieder öffnen</translation>
    </message>
    <message>
        <source>Show the audit trail</source>
        <translation>Das Änderungsprotokoll anzeigen</translation>
    </message>
    <message>
        <source>Who changed what, and when (Ctrl+H)</source>
        <translation>Wer was wann geändert hat (Strg+H)</translation>
    </message>
    <message>
        <source>Export the report or a working copy</source>
        <translation>Den Bericht oder eine Arbeitskopie exportieren</translation>
    </message>
    <message>
        <source>Save the PDF report, or an Excel, CSV or Word working copy (Ctrl+E)</source>
        <translation>Den PDF-Bericht oder eine Arbeitskopie als Excel, CSV oder Word speichern (Strg+E)</translation>
    </message>
    <message>
        <source>Print report…</source>
        <translation>Bericht drucken…</translation>
    </message>
    <message>
        <source>Print the report</source>
        <translation>Den Bericht drucken</translation>
    </message>
    <message>
        <source>Print the report (Ctrl+P)</source>
        <translation>Den Bericht drucken (Strg+P)</translation>
    </message>
    <message>
        <source>Start ne&amp;xt review…</source>
        <translation>Fol&amp;geprüfung beginnen…</translation>
    </message>
    <message>
        <source>Start the next review from this signed-off assessment</source>
        <translation>Die Folgeprüfung von dieser freigegebenen Bewertung aus beginnen</translation>
    </message>
    <message>
        <source>History…</source>
        <translation>Verlauf…</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exportieren…</translation>
    </message>
    <message>
        <source>Compare &amp;with last review…</source>
        <translation>Mit letzter Überprüfung ver&amp;gleichen…</translation>
    </message>
    <message>
        <source>Compare with the last review</source>
        <translation>Mit der letzten Überprüfung vergleichen</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Rückgängig</translation>
    </message>
    <message>
        <source>Undo the last answer or note change</source>
        <translation>Die letzte Änderung an Antwort oder Notiz rückgängig machen</translation>
    </message>
    <message>
        <source>Since the last review</source>
        <translation>Seit der letzten Überprüfung</translation>
    </message>
    <message>
        <source>The next cycle&apos;s assessment, started from this one</source>
        <translation>Die Bewertung des nächsten Durchgangs, ausgehend von dieser</translation>
    </message>
    <message>
        <source>Read only: you are signed in as an auditor, so you can read this draft but not change it.</source>
        <translation>Schreibgeschützt: Sie sind als Prüfer angemeldet und können diesen Entwurf lesen, aber nicht ändern.</translation>
    </message>
    <message>
        <source>Draft: answers are saved as you go.</source>
        <translation>Entwurf: Antworten werden laufend gespeichert.</translation>
    </message>
    <message>
        <source>Altered since sign-off: this is not what %1 approved on %2. The workspace was changed outside Compliance Desk: its fingerprint is now %3, the sign-off approved %4. History… names what differs; reports of it are refused until it is reopened, checked and signed off again.</source>
        <translation>Seit der Freigabe verändert: Dies ist nicht, was %1 am %2 genehmigt hat. Der Arbeitsbereich wurde außerhalb von Compliance Desk geändert: Sein Fingerabdruck ist jetzt %3, die Freigabe galt %4. „Verlauf…“ nennt die Unterschiede; Berichte dazu werden verweigert, bis die Bewertung wieder geöffnet, geprüft und erneut freigegeben ist.</translation>
    </message>
    <message>
        <source>Signed off by %1 (%2) on %3. Read only: you are signed in as an auditor, so you can read it but not change it.</source>
        <translation>Freigegeben von %1 (%2) am %3. Schreibgeschützt: Sie sind als Prüfer angemeldet und können die Bewertung lesen, aber nicht ändern.</translation>
    </message>
    <message>
        <source>Signed off by %1 (%2) on %3. Read-only, except how the actions are going: reopen it to change anything else.</source>
        <translation>Freigegeben von %1 (%2) am %3. Schreibgeschützt, bis auf den Fortschritt der Maßnahmen: Öffnen Sie die Bewertung wieder, um anderes zu ändern.</translation>
    </message>
    <message>
        <source>Next review of “%1” (checklist version %2).</source>
        <translation>Folgeprüfung von „%1“ (Version %2 der Prüfliste).</translation>
    </message>
    <message>
        <source>Carried-over answers awaiting confirmation: %1 (Ctrl+K confirms the one shown).</source>
        <translation>Übernommene Antworten, die auf Bestätigung warten: %1 (Strg+K bestätigt die angezeigte).</translation>
    </message>
    <message>
        <source>Questions changed: %1; new items: %2.</source>
        <translation>Geänderte Fragen: %1; neue Punkte: %2.</translation>
    </message>
    <message>
        <source>Dropped by version %1: %2.</source>
        <translation>In Version %1 entfallen: %2.</translation>
    </message>
</context>
<context>
    <name>TaskProgressDialog</name>
    <message>
        <source>What is being done</source>
        <translation>Was gerade geschieht</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Fortschritt</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Stop the work; nothing is kept</source>
        <translation>Die Arbeit anhalten; nichts wird behalten</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>Wird angehalten…</translation>
    </message>
</context>
<context>
    <name>TitleDialog</name>
    <message>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation>&amp;Titel:</translation>
    </message>
</context>
<context>
    <name>UndoNotice</name>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Rückgängig</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Rückgängig</translation>
    </message>
    <message>
        <source>Undo (Ctrl+Z in the list)</source>
        <translation>Rückgängig (Strg+Z in der Liste)</translation>
    </message>
</context>
<context>
    <name>UnsavedNotes</name>
    <message numerus="yes">
        <source>Not saved: %n note(s) wait(s) to be written</source>
        <translation>
            <numerusform>Nicht gespeichert: %n Notiz wartet darauf, geschrieben zu werden</numerusform>
            <numerusform>Nicht gespeichert: %n Notizen warten darauf, geschrieben zu werden</numerusform>
        </translation>
    </message>
    <message>
        <source>Not saved yet: %1</source>
        <translation>Noch nicht gespeichert: %1</translation>
    </message>
    <message>
        <source>A note you typed could not be saved (%1). Leave without it?

If you leave, its text is put on the clipboard, to paste somewhere safe.</source>
        <translation>Eine Notiz, die Sie geschrieben haben, konnte nicht gespeichert werden (%1). Ohne sie fortfahren?

Wenn Sie fortfahren, kommt ihr Text in die Zwischenablage, um ihn an sicherer Stelle einzufügen.</translation>
    </message>
    <message numerus="yes">
        <source>%n notes you typed could not be saved (%1). Leave without them?

If you leave, their text is put on the clipboard, to paste somewhere safe.</source>
        <translation>
            <numerusform>%n Notiz, die Sie geschrieben haben, konnte nicht gespeichert werden (%1). Ohne sie fortfahren?

Wenn Sie fortfahren, kommt ihr Text in die Zwischenablage, um ihn an sicherer Stelle einzufügen.</numerusform>
            <numerusform>%n Notizen, die Sie geschrieben haben, konnten nicht gespeichert werden (%1). Ohne sie fortfahren?

Wenn Sie fortfahren, kommt ihr Text in die Zwischenablage, um ihn an sicherer Stelle einzufügen.</numerusform>
        </translation>
    </message>
    <message>
        <source>Note not saved</source>
        <translation>Notiz nicht gespeichert</translation>
    </message>
</context>
<context>
    <name>VerifyDialog</name>
    <message>
        <source>Verify a report</source>
        <translation>Bericht prüfen</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>Ergebnis der Prüfung</translation>
    </message>
    <message>
        <source>✔ %1 is intact and signed by trusted people.</source>
        <translation>✔ %1 ist unversehrt und von vertrauenswürdigen Personen signiert.</translation>
    </message>
    <message>
        <source>✘ %1 can&apos;t be trusted.</source>
        <translation>✘ %1 ist nicht vertrauenswürdig.</translation>
    </message>
    <message>
        <source>Every signature is sound, the last one covers the whole file, so nothing was changed or added after signing, and every certificate is in date and issued by a trusted authority.</source>
        <translation>Jede Signatur ist gültig, die letzte deckt die ganze Datei ab, sodass nach dem Signieren nichts geändert oder hinzugefügt wurde, und jedes Zertifikat ist gültig und von einer vertrauenswürdigen Stelle ausgestellt.</translation>
    </message>
    <message>
        <source>Why: %1</source>
        <translation>Grund: %1</translation>
    </message>
    <message>
        <source>Signatures</source>
        <translation>Signaturen</translation>
    </message>
    <message>
        <source>%1%2 signed on %3, by their computer&apos;s clock. Certificate SHA-256 %4</source>
        <translation>%1%2 hat am %3 signiert, laut Uhr des eigenen Computers. Zertifikat SHA-256 %4</translation>
    </message>
    <message>
        <source>The report shows assessment %1 with fingerprint %2.</source>
        <translation>Der Bericht zeigt die Bewertung %1 mit dem Fingerabdruck %2.</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Einzelheiten</translation>
    </message>
</context>
<context>
    <name>WorkspaceActions</name>
    <message>
        <source>Bac&amp;kups…</source>
        <translation>&amp;Sicherungen…</translation>
    </message>
    <message>
        <source>&amp;Recycle bin…</source>
        <translation>Papier&amp;korb…</translation>
    </message>
</context>
<context>
    <name>WorkspaceInUse</name>
    <message>
        <source>Compliance Desk — this laptop</source>
        <translation>Compliance Desk — dieser Laptop</translation>
    </message>
    <message>
        <source>Compliance Desk — district: %1@%2 (%3)</source>
        <translation>Compliance Desk — Bezirk: %1@%2 (%3)</translation>
    </message>
    <message>
        <source>Workspace: this laptop</source>
        <translation>Arbeitsbereich: dieser Laptop</translation>
    </message>
    <message>
        <source>Workspace: district %1@%2 (%3)</source>
        <translation>Arbeitsbereich: Bezirk %1@%2 (%3)</translation>
    </message>
    <message>
        <source>The district workspace is backed up on its server by the district&apos;s IT, with pg_dump (see docs/district.md), not by the app.</source>
        <translation>Der Bezirks-Arbeitsbereich wird auf seinem Server von der IT des Bezirks mit pg_dump gesichert (siehe docs/district.md), nicht von der App.</translation>
    </message>
    <message>
        <source>An export or import is still running on the workspace open; wait until it ends.</source>
        <translation>Im geöffneten Arbeitsbereich läuft noch ein Export oder Import; warten Sie, bis er endet.</translation>
    </message>
    <message>
        <source>A note you typed is not saved yet: the workspace was not changed.</source>
        <translation>Eine Notiz, die Sie geschrieben haben, ist noch nicht gespeichert: Der Arbeitsbereich wurde nicht gewechselt.</translation>
    </message>
</context>
<context>
    <name>application</name>
    <message>
        <source>Today&apos;s backup could not be made: %1</source>
        <translation>Die heutige Sicherung konnte nicht erstellt werden: %1</translation>
    </message>
    <message>
        <source>Compliance Desk can&apos;t start</source>
        <translation>Compliance Desk kann nicht starten</translation>
    </message>
</context>
<context>
    <name>crash</name>
    <message>
        <source>Compliance Desk</source>
        <translation>Compliance Desk</translation>
    </message>
    <message>
        <source>Something went wrong</source>
        <translation>Etwas ist schiefgegangen</translation>
    </message>
    <message>
        <source>Compliance Desk hit an unexpected problem. Your answers up to this moment are saved. Details were written to %1.</source>
        <translation>Compliance Desk ist auf ein unerwartetes Problem gestoßen. Ihre Antworten bis zu diesem Moment sind gespeichert. Einzelheiten wurden in %1 geschrieben.</translation>
    </message>
</context>
<context>
    <name>damaged_start</name>
    <message>
        <source>The workspace is damaged</source>
        <translation>Der Arbeitsbereich ist beschädigt</translation>
    </message>
    <message>
        <source>%1

No backup that passes its checks was found in %2.</source>
        <translation>%1

In %2 wurde keine Sicherung gefunden, die ihre Prüfungen besteht.</translation>
    </message>
    <message>
        <source>%1

The newest good backup was made %2 (%3). It holds:

%4

Restore it? The damaged workspace is kept in the backups folder, not written over.</source>
        <translation>%1

Die neueste intakte Sicherung wurde am %2 erstellt (%3). Sie enthält:

%4

Wiederherstellen? Der beschädigte Arbeitsbereich wird im Sicherungsordner aufbewahrt, nicht überschrieben.</translation>
    </message>
    <message>
        <source>Nothing was restored</source>
        <translation>Nichts wurde wiederhergestellt</translation>
    </message>
    <message>
        <source>Restored the backup made %1.</source>
        <translation>Die Sicherung vom %1 wurde wiederhergestellt.</translation>
    </message>
    <message>
        <source>The damaged workspace is kept as %1.</source>
        <translation>Der beschädigte Arbeitsbereich wird als %1 aufbewahrt.</translation>
    </message>
    <message>
        <source>Backup restored</source>
        <translation>Sicherung wiederhergestellt</translation>
    </message>
</context>
<context>
    <name>desktop</name>
    <message>
        <source>Can&apos;t open the folder</source>
        <translation>Der Ordner kann nicht geöffnet werden</translation>
    </message>
    <message>
        <source>No application on this computer could open the folder. It is here:

%1</source>
        <translation>Keine Anwendung auf diesem Computer konnte den Ordner öffnen. Er befindet sich hier:

%1</translation>
    </message>
    <message>
        <source>Can&apos;t open the file</source>
        <translation>Die Datei kann nicht geöffnet werden</translation>
    </message>
    <message>
        <source>No application on this computer could open the file. It is here:

%1</source>
        <translation>Keine Anwendung auf diesem Computer konnte die Datei öffnen. Sie befindet sich hier:

%1</translation>
    </message>
</context>
<context>
    <name>district_start</name>
    <message>
        <source>Type your password to open the district workspace.</source>
        <translation>Geben Sie Ihr Passwort ein, um den Bezirks-Arbeitsbereich zu öffnen.</translation>
    </message>
    <message>
        <source>%1

Open this laptop&apos;s workspace instead? File &gt; Connect to district workspace tries the district again.</source>
        <translation>%1

Stattdessen den Arbeitsbereich dieses Laptops öffnen? Datei &gt; Mit Bezirks-Arbeitsbereich verbinden versucht es beim Bezirk erneut.</translation>
    </message>
    <message>
        <source>District workspace not available</source>
        <translation>Bezirks-Arbeitsbereich nicht erreichbar</translation>
    </message>
    <message>
        <source>The district workspace could not be opened; this laptop&apos;s workspace is open.</source>
        <translation>Der Bezirks-Arbeitsbereich konnte nicht geöffnet werden; der Arbeitsbereich dieses Laptops ist geöffnet.</translation>
    </message>
</context>
<context>
    <name>shortcuts</name>
    <message>
        <source>Anywhere</source>
        <translation>Überall</translation>
    </message>
    <message>
        <source>In the assessments list</source>
        <translation>In der Bewertungsliste</translation>
    </message>
    <message>
        <source>In an assessment</source>
        <translation>In einer Bewertung</translation>
    </message>
    <message>
        <source>Answer Yes</source>
        <translation>Mit Ja antworten</translation>
    </message>
    <message>
        <source>Answer Partial</source>
        <translation>Mit Teilweise antworten</translation>
    </message>
    <message>
        <source>Answer No</source>
        <translation>Mit Nein antworten</translation>
    </message>
    <message>
        <source>Answer Not applicable</source>
        <translation>Mit „Nicht zutreffend“ antworten</translation>
    </message>
    <message>
        <source>Clear the answer</source>
        <translation>Die Antwort löschen</translation>
    </message>
    <message>
        <source>Confirm the answer carried over from the last review</source>
        <translation>Die aus der letzten Überprüfung übernommene Antwort bestätigen</translation>
    </message>
    <message>
        <source>Go to the next unanswered item</source>
        <translation>Zum nächsten unbeantworteten Punkt gehen</translation>
    </message>
    <message>
        <source>Search the items and notes</source>
        <translation>Punkte und Notizen durchsuchen</translation>
    </message>
    <message>
        <source>Check the gate and sign off</source>
        <translation>Die Freigabeprüfung ansehen und freigeben</translation>
    </message>
    <message>
        <source>Export (and sign) the report, or a working copy</source>
        <translation>Den Bericht exportieren (und signieren) oder eine Arbeitskopie</translation>
    </message>
    <message>
        <source>Print the report</source>
        <translation>Den Bericht drucken</translation>
    </message>
    <message>
        <source>Show the assessment&apos;s history</source>
        <translation>Den Verlauf der Bewertung anzeigen</translation>
    </message>
    <message>
        <source>Undo the last answer or note change</source>
        <translation>Die letzte Änderung an Antwort oder Notiz rückgängig machen</translation>
    </message>
    <message>
        <source>Show how to check the item</source>
        <translation>Anzeigen, wie der Punkt geprüft wird</translation>
    </message>
    <message>
        <source>Show the item&apos;s evidence</source>
        <translation>Die Nachweise des Punkts anzeigen</translation>
    </message>
    <message>
        <source>Show the item&apos;s actions</source>
        <translation>Die Maßnahmen des Punkts anzeigen</translation>
    </message>
    <message>
        <source>Enter</source>
        <translation>Eingabe</translation>
    </message>
    <message>
        <source>Open the chosen assessment</source>
        <translation>Die gewählte Bewertung öffnen</translation>
    </message>
    <message>
        <source>Escape in the search box</source>
        <translation>Esc im Suchfeld</translation>
    </message>
    <message>
        <source>Clear the search</source>
        <translation>Die Suche leeren</translation>
    </message>
    <message>
        <source>Tab, Shift+Tab</source>
        <translation>Tab, Umschalt+Tab</translation>
    </message>
    <message>
        <source>Move to the next or previous field</source>
        <translation>Zum nächsten oder vorigen Feld wechseln</translation>
    </message>
    <message>
        <source>Alt+underlined letter</source>
        <translation>Alt+unterstrichener Buchstabe</translation>
    </message>
    <message>
        <source>Press that button or menu</source>
        <translation>Diese Schaltfläche oder dieses Menü betätigen</translation>
    </message>
    <message>
        <source>Escape</source>
        <translation>Esc</translation>
    </message>
    <message>
        <source>Close a dialog without changing anything</source>
        <translation>Einen Dialog schließen, ohne etwas zu ändern</translation>
    </message>
    <message>
        <source>Ctrl+Return</source>
        <translation>Strg+Eingabe</translation>
    </message>
    <message>
        <source>Give the reason typed, as its OK button does (Return starts a new line)</source>
        <translation>Die eingegebene Begründung übernehmen, wie die Schaltfläche OK (die Eingabetaste beginnt eine neue Zeile)</translation>
    </message>
    <message>
        <source>In a box that asks why</source>
        <translation>In einem Begründungsfeld</translation>
    </message>
</context>
</TS>
