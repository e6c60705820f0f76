// protocol-milter entry point (CLI subcommands are added in cli.cpp).
int main() { return 0; }
