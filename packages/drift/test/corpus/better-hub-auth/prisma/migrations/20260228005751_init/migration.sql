/*
    This file was added to keep backwards compatibility with older versions without dropping the whole database. No idea how it appeared in the first place.
    Deleting the folder gives the following prisma error:
        - The following migration(s) are applied to the database but missing from the local migrations directory: 20260228005751_init
        - You may use prisma migrate reset to drop the development database.
        - All data will be lost.
    If you can figure out how to delete this folder, please do.
*/
