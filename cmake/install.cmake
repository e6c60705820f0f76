# Install rules (`cmake --install build`; packagers add DESTDIR=...):
#   <prefix>/sbin/protocol-milter                 the daemon and CLI (prefix defaults to /usr)
#   /etc/protocol-milter/                         rules/: gateway.toml, protocols/, lexicons/, README.md
#   <prefix>/share/protocol-milter/rules/         a pristine copy of the shipped rules, for reference
#   <systemd unit dir>/protocol-milter.service    (pkg-config systemd, else /lib/systemd/system)
#   <tmpfiles dir>/protocol-milter.conf, <sysusers dir>/protocol-milter.conf
# Rule files an administrator already has in /etc/protocol-milter are never overwritten: an upgrade
# must not undo a local change (say, a suspended protocol); compare with the copy under share/.
include(GNUInstallDirs)

if(CMAKE_INSTALL_PREFIX_INITIALIZED_TO_DEFAULT)
  set(CMAKE_INSTALL_PREFIX /usr CACHE PATH "Install prefix: the daemon goes to <prefix>/sbin" FORCE)
endif()

set(PM_INSTALL_CONFDIR /etc/protocol-milter CACHE PATH
  "Rule directory; the binary's default --config is /etc/protocol-milter/gateway.toml")

find_package(PkgConfig QUIET)
if(PKG_CONFIG_FOUND)
  pkg_get_variable(PM_SYSTEMD_UNITDIR_PC systemd systemdsystemunitdir)
  pkg_get_variable(PM_SYSTEMD_TMPFILESDIR_PC systemd tmpfilesdir)
  pkg_get_variable(PM_SYSTEMD_SYSUSERSDIR_PC systemd sysusersdir)
endif()
foreach(pair "UNITDIR;/lib/systemd/system" "TMPFILESDIR;/usr/lib/tmpfiles.d"
             "SYSUSERSDIR;/usr/lib/sysusers.d")
  list(GET pair 0 key)
  list(GET pair 1 fallback)
  if(PM_SYSTEMD_${key}_PC)
    set(fallback "${PM_SYSTEMD_${key}_PC}")
  endif()
  set(PM_SYSTEMD_${key} "${fallback}" CACHE PATH "systemd ${key} for the install rules")
endforeach()

install(TARGETS protocol-milter RUNTIME DESTINATION ${CMAKE_INSTALL_SBINDIR})

# The reference copy of the shipped rules.
install(DIRECTORY ${CMAKE_SOURCE_DIR}/rules/ DESTINATION ${CMAKE_INSTALL_DATADIR}/protocol-milter/rules)

# /etc/protocol-milter: every shipped rule file that is not there yet (0644: the daemon's user
# must read them; they hold no secret).
file(GLOB_RECURSE PM_RULE_FILES RELATIVE ${CMAKE_SOURCE_DIR}/rules CONFIGURE_DEPENDS
  ${CMAKE_SOURCE_DIR}/rules/*)
list(SORT PM_RULE_FILES)
install(CODE "
  set(files \"${PM_RULE_FILES}\")
  foreach(f IN LISTS files)
    set(dest \"\$ENV{DESTDIR}${PM_INSTALL_CONFDIR}/\${f}\")
    if(EXISTS \"\${dest}\")
      message(STATUS \"Kept (local): \${dest}\")
    else()
      get_filename_component(dir \"\${dest}\" DIRECTORY)
      file(MAKE_DIRECTORY \"\${dir}\")
      file(COPY \"${CMAKE_SOURCE_DIR}/rules/\${f}\" DESTINATION \"\${dir}\"
        FILE_PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
      message(STATUS \"Installing: \${dest}\")
    endif()
  endforeach()
")

# systemd: units (their /usr/sbin/protocol-milter becomes the installed binary's path, known only
# at install time because `cmake --install --prefix` may change it), tmpfiles, sysusers.
file(GLOB PM_SYSTEMD_UNITS CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/systemd/*.service
  ${CMAKE_SOURCE_DIR}/systemd/*.timer)
install(CODE "
  set(units \"${PM_SYSTEMD_UNITS}\")
  set(sbin \"${CMAKE_INSTALL_SBINDIR}\")
  if(NOT IS_ABSOLUTE \"\${sbin}\")
    set(sbin \"\${CMAKE_INSTALL_PREFIX}/\${sbin}\")
  endif()
  foreach(unit IN LISTS units)
    get_filename_component(name \"\${unit}\" NAME)
    file(READ \"\${unit}\" text)
    string(REPLACE \"/usr/sbin/protocol-milter\" \"\${sbin}/protocol-milter\" text \"\${text}\")
    string(REPLACE \"file:/etc/protocol-milter/\" \"file:${PM_INSTALL_CONFDIR}/\" text \"\${text}\")
    string(REPLACE \"/etc/protocol-milter/gateway.toml\" \"${PM_INSTALL_CONFDIR}/gateway.toml\" text \"\${text}\")
    set(dest \"\$ENV{DESTDIR}${PM_SYSTEMD_UNITDIR}/\${name}\")
    message(STATUS \"Installing: \${dest}\")
    file(WRITE \"\${dest}\" \"\${text}\")
  endforeach()
")
install(FILES ${CMAKE_SOURCE_DIR}/systemd/protocol-milter.tmpfiles
  DESTINATION ${PM_SYSTEMD_TMPFILESDIR} RENAME protocol-milter.conf)
install(FILES ${CMAKE_SOURCE_DIR}/systemd/protocol-milter.sysusers
  DESTINATION ${PM_SYSTEMD_SYSUSERSDIR} RENAME protocol-milter.conf)
install(FILES ${CMAKE_SOURCE_DIR}/contrib/postfix/main.cf.snippet
  DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/protocol-milter/postfix)
