#!/bin/sh
# Add Compliance Desk to this user's application menu, from the unpacked app folder; no root.
#
#   ./install.sh              the menu entry, its icons, and `compliance-desk` in ~/.local/bin
#   ./install.sh --uninstall  remove exactly those again (the app folder and your data stay)
#
# The entry points at this folder: move the folder later and run the script again.
set -eu

APP_ID=compliance-desk
here=$(cd "$(dirname "$0")" && pwd -P)
program="$here/$APP_ID"
data_home=${XDG_DATA_HOME:-"$HOME/.local/share"}
applications="$data_home/applications"
icons="$data_home/icons/hicolor"
bin_dir="$HOME/.local/bin"
entry="$applications/$APP_ID.desktop"

refresh_caches() {
    # Desktops pick new entries and icons up by themselves; these just make it immediate.
    if command -v update-desktop-database >/dev/null 2>&1; then
        update-desktop-database -q "$applications" 2>/dev/null || true
    fi
    refresh_menus
}

refresh_menus() {
    if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f "$icons/index.theme" ]; then
        gtk-update-icon-cache -q -t "$icons" 2>/dev/null || true
    fi
    if command -v xdg-desktop-menu >/dev/null 2>&1; then
        xdg-desktop-menu forceupdate 2>/dev/null || true
    fi
}

forget_desktop_database() {
    # update-desktop-database wrote mimeinfo.cache beside the entries at install. Made from the
    # entries in that folder, it holds other apps' file types as long as any entry is left: it is
    # then made again, without this app. With no entry left it can only be this app's: removed.
    cache="$applications/mimeinfo.cache"
    [ -f "$cache" ] || return 0
    if [ -n "$(find "$applications" -name '*.desktop' 2>/dev/null | head -n 1)" ]; then
        if command -v update-desktop-database >/dev/null 2>&1; then
            update-desktop-database -q "$applications" 2>/dev/null || true
        fi
    else
        rm -f "$cache"
        rmdir "$applications" 2>/dev/null || true
    fi
}

if [ "${1:-}" = "--uninstall" ]; then
    rm -f "$entry"
    for icon in "$here"/share/icons/hicolor/*/apps/"$APP_ID".*; do
        size=$(basename "$(dirname "$(dirname "$icon")")")
        rm -f "$icons/$size/apps/$(basename "$icon")"
        # The size's folders, when install made them and nothing else is in them now.
        rmdir "$icons/$size/apps" "$icons/$size" 2>/dev/null || true
    done
    if [ -L "$bin_dir/$APP_ID" ] && [ "$(readlink "$bin_dir/$APP_ID")" = "$program" ]; then
        rm -f "$bin_dir/$APP_ID"
    fi
    forget_desktop_database
    refresh_menus
    echo "Removed the Compliance Desk menu entry and icons. Your data folder is untouched."
    exit 0
fi
if [ -n "${1:-}" ]; then
    echo "error: unknown option $1 (use no option to install, --uninstall to remove)" >&2
    exit 2
fi

if [ ! -x "$program" ]; then
    echo "error: $program is missing; run this script from the unpacked app folder" >&2
    exit 1
fi

# A path with spaces is quoted in the menu entry as the desktop entry spec says; characters that
# need more escaping than that (quotes, backslashes, $, %, |, &) are refused, before anything is
# written, rather than put into a command line half-escaped.
case "$program" in
    *[!A-Za-z0-9\ ._/+,@~-]*)
        echo "error: the folder's path has characters a menu entry can't hold: $here" >&2
        echo "Move the folder to a path of letters, digits, spaces and . _ - + , @ ~ and run this again." >&2
        exit 1
        ;;
esac

# Icons: every size the folder carries, into the user's hicolor theme.
for icon in "$here"/share/icons/hicolor/*/apps/"$APP_ID".*; do
    size=$(basename "$(dirname "$(dirname "$icon")")")
    mkdir -p "$icons/$size/apps"
    cp -f "$icon" "$icons/$size/apps/"
done

# The menu entry, with Exec and TryExec pointing at this folder's program.
mkdir -p "$applications"
case "$program" in
    *" "*) exec_line="\"$program\"" ;;
    *) exec_line="$program" ;;
esac
sed -e "s|^Exec=.*|Exec=$exec_line|" -e "s|^TryExec=.*|TryExec=$program|" \
    "$here/share/applications/$APP_ID.desktop" >"$entry.tmp"
chmod 644 "$entry.tmp"
mv -f "$entry.tmp" "$entry"

# The command line, for those who script: a link in ~/.local/bin (on the PATH of most desktops).
mkdir -p "$bin_dir"
if [ ! -e "$bin_dir/$APP_ID" ] || [ -L "$bin_dir/$APP_ID" ]; then
    ln -sfn "$program" "$bin_dir/$APP_ID"
fi

refresh_caches
echo "Installed: $entry"
echo "Icons: $icons/*/apps/$APP_ID.*"
echo "Command: $bin_dir/$APP_ID"
