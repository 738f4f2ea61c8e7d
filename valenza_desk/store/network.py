"""Is a database file on a network share? SQLite must not be used there by several PCs.

SQLite's own documentation warns that file locking is broken on many network filesystems
and that WAL does not work over them: a SQLite file on an SMB/NFS share is opened for
consultation only, unless the person insists; the shared PostgreSQL server is the way for
several PCs. Windows: UNC paths (\\\\server\\share) and drives of type "remote". Elsewhere:
the filesystem type of the mount the file is on (cifs, smb, nfs, sshfs…), from the
system's mount table.
"""

from __future__ import annotations

import os
from pathlib import Path

MOUNTS = Path("/proc/mounts")
NETWORK_FILESYSTEMS = frozenset(
    {
        "cifs",
        "smb3",
        "smbfs",
        "nfs",
        "nfs4",
        "fuse.sshfs",
        "sshfs",
        "afs",
        "ncpfs",
        "davfs",
        "fuse.davfs2",
        "glusterfs",
        "ceph",
        "9p",
        "fuse.rclone",
    }
)
DRIVE_REMOTE = 4


def network_filesystem(path: Path) -> str:
    """The network filesystem ``path`` lives on ("cifs", "nfs", "UNC", "rete"), or "" when local."""
    text = str(path)
    if text.startswith(("\\\\", "//")):
        return "UNC"
    if os.name == "nt":
        return _windows_drive(path)
    return _mounted_type(path.absolute())


def _windows_drive(path: Path) -> str:
    import ctypes

    root = path.absolute().anchor
    if root and ctypes.windll.kernel32.GetDriveTypeW(root) == DRIVE_REMOTE:  # type: ignore[attr-defined]
        return "rete"
    return ""


def _mounted_type(path: Path) -> str:
    try:
        lines = MOUNTS.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return ""
    best, kind = "", ""
    target = str(path)
    for line in lines:
        parts = line.split()
        if len(parts) < 3:
            continue
        mount_point = parts[1].replace("\\040", " ")
        inside = target == mount_point or target.startswith(mount_point.rstrip("/") + "/")
        if inside and len(mount_point) >= len(best):
            best, kind = mount_point, parts[2]
    return kind if kind in NETWORK_FILESYSTEMS else ""


def share_message(path: Path, kind: str) -> str:
    return (
        f"Il database «{path}» si trova su una cartella di rete ({kind}): SQLite non è fatto per essere usato "
        "da più PC attraverso la rete (i blocchi dei file non sono affidabili e il database può danneggiarsi). "
        "È aperto in sola consultazione. Per lavorare in più PC usare il server condiviso "
        "(File › Connetti a un database condiviso…); per modificarlo comunque, da un solo PC alla volta, "
        "riaprirlo confermando (nella riga di comando: --allow-network-share)."
    )
