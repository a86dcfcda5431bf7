<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>BackupsDialog</name>
    <message numerus="yes">
        <source>Restore the backup made %1 (%2)? It holds %n assessment(s):</source>
        <translation>
            <numerusform>Restore the backup made %1 (%2)? It holds %n assessment:</numerusform>
            <numerusform>Restore the backup made %1 (%2)? It holds %n assessments:</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>EditDetailsDialog</name>
    <message numerus="yes">
        <source>%n answered item(s) leave the scope; their answers are kept and count again if the items come back in.</source>
        <translation>
            <numerusform>%n answered item leaves the scope; its answer is kept and counts again if the item comes back in.</numerusform>
            <numerusform>%n answered items leave the scope; their answers are kept and count again if the items come back in.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>EmptyBinDialog</name>
    <message numerus="yes">
        <source>%n assessment would be removed for good.</source>
        <translation>
            <numerusform>%n assessment would be removed for good.</numerusform>
            <numerusform>%n assessments would be removed for good.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n assessments would be removed for good.</source>
        <translation>
            <numerusform>%n assessment would be removed for good.</numerusform>
            <numerusform>%n assessments would be removed for good.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HistoryDialog</name>
    <message numerus="yes">
        <source>The audit trail is intact: %n event(s), each linked to the one before it.</source>
        <translation>
            <numerusform>The audit trail is intact: %n event, the start of its chain.</numerusform>
            <numerusform>The audit trail is intact: %n events, each linked to the one before it.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RecycleBinDialog</name>
    <message numerus="yes">
        <source>Remove %n assessment for good? A backup of the workspace is made first; nothing else can bring it back.</source>
        <translation>
            <numerusform>Remove %n assessment for good? A backup of the workspace is made first; nothing else can bring it back.</numerusform>
            <numerusform>Remove %n assessments for good? A backup of the workspace is made first; nothing else can bring them back.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Remove %n assessments for good? A backup of the workspace is made first; nothing else can bring them back.</source>
        <translation>
            <numerusform>Remove %n assessment for good? A backup of the workspace is made first; nothing else can bring it back.</numerusform>
            <numerusform>Remove %n assessments for good? A backup of the workspace is made first; nothing else can bring them back.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Removed %n assessment for good; backed up first as %1.</source>
        <translation>
            <numerusform>Removed %n assessment for good; backed up first as %1.</numerusform>
            <numerusform>Removed %n assessments for good; backed up first as %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Removed %n assessments for good; backed up first as %1.</source>
        <translation>
            <numerusform>Removed %n assessment for good; backed up first as %1.</numerusform>
            <numerusform>Removed %n assessments for good; backed up first as %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReportBar</name>
    <message numerus="yes">
        <source>Sent %n page(s) to the printer.</source>
        <translation>
            <numerusform>Sent %n page to the printer.</numerusform>
            <numerusform>Sent %n pages to the printer.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SignOffDialog</name>
    <message numerus="yes">
        <source>To mend before signing off: %n (%1). Choose one to go to its item.</source>
        <translation>
            <numerusform>To mend before signing off: %n (%1). Choose one to go to its item.</numerusform>
            <numerusform>To mend before signing off: %n (%1). Choose one to go to its item.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>UnsavedNotes</name>
    <message numerus="yes">
        <source>Not saved: %n note(s) wait(s) to be written</source>
        <translation>
            <numerusform>Not saved: %n note waits to be written</numerusform>
            <numerusform>Not saved: %n notes wait to be written</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n notes you typed could not be saved (%1). Leave without them?

If you leave, their text is put on the clipboard, to paste somewhere safe.</source>
        <translation>
            <numerusform>%n note you typed could not be saved (%1). Leave without it?

If you leave, its text is put on the clipboard, to paste somewhere safe.</numerusform>
            <numerusform>%n notes you typed could not be saved (%1). Leave without them?

If you leave, their text is put on the clipboard, to paste somewhere safe.</numerusform>
        </translation>
    </message>
</context>
</TS>
