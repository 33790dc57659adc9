/* lua_parse_check FILE...: compile each file as Lua 5.4 text (a syntax check, like
 * `luac -p`, with the liblua migsim links), then run it in a bare state with the
 * standard libraries, and report the first error. Used by doc_tests.py (test
 * docs_types) on the lua-language-server definitions in scripts/types/, which
 * must be valid Lua that does nothing when run. Exit status 0 if all pass. */
#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
#include <stdio.h>

int main(int argc, char **argv)
{
    int bad = 0;
    for (int i = 1; i < argc; i++) {
        lua_State *L = luaL_newstate();
        if (!L) {
            fprintf(stderr, "lua_parse_check: out of memory\n");
            return 2;
        }
        luaL_openlibs(L);
        if (luaL_loadfilex(L, argv[i], "t") != LUA_OK) {
            fprintf(stderr, "%s\n", lua_tostring(L, -1));
            bad = 1;
        } else if (lua_pcall(L, 0, 0, 0) != LUA_OK) {
            fprintf(stderr, "%s: parses, but running it fails: %s\n", argv[i], lua_tostring(L, -1));
            bad = 1;
        } else {
            printf("%s: parses and runs\n", argv[i]);
        }
        lua_close(L);
    }
    return bad;
}
